import type { Binary } from '@medplum/fhirtypes';

/** The media types and `_format` values of FHIR's JSON format (R4 3.1.0.1.11: `json` is one). */
const FHIR_JSON_TYPES = new Set(['application/fhir+json', 'application/json', 'application/json+fhir']);
const FHIR_JSON_FORMATS = new Set([...FHIR_JSON_TYPES, 'json']);

/**
 * Whether a Binary read asks for the Binary resource (FHIR JSON, the bytes base64 in `data`) rather
 * than the bytes themselves. R4 Binary read: a client that accepts the FHIR format gets the resource,
 * any other gets the content with its own type. `_format` wins over `Accept`, as everywhere in FHIR.
 * Our attachments are never JSON, so `application/json` can only mean the resource. A media range
 * with `q=0` is a refusal, not an acceptance.
 */
export function wantsBinaryResource(accept: string | undefined, format: string | undefined): boolean {
  if (format !== undefined) return FHIR_JSON_FORMATS.has(format.trim().toLowerCase());
  return (accept ?? '').split(',').some((range) => {
    const [type, ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    return FHIR_JSON_TYPES.has(type) && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/**
 * The Binary resource of an attachment: its type and bytes, and the DocumentReference of the same id as
 * the security context (who may read the bytes is who may read the document).
 */
export function toBinary(id: string, contentType: string, bytes: Buffer): Binary {
  return {
    resourceType: 'Binary',
    id,
    contentType,
    securityContext: { reference: `DocumentReference/${id}` },
    data: bytes.toString('base64'),
  };
}

/** The request headers a download honours, passed on to the API as the client sent them. */
export const RAW_REQUEST_HEADERS = ['range', 'if-range', 'if-none-match'] as const;

/** The API's download headers a raw Binary answer keeps (the bytes' type, length, range, ETag, caching). */
export const RAW_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'content-range',
  'accept-ranges',
  'etag',
  'cache-control',
  'content-disposition',
] as const;

/**
 * The ETag of the Binary resource: weak, the bytes' SHA-256 as the download gives it. The JSON is
 * another representation of the same bytes, so it must not share their strong ETag; the API compares
 * `If-None-Match` weakly, so the client's copy of either is recognised.
 */
export function resourceEtag(downloadEtag: string | null): string | undefined {
  if (!downloadEtag) return undefined;
  return downloadEtag.startsWith('W/') ? downloadEtag : `W/${downloadEtag}`;
}
