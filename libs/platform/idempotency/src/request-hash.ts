import { createHash } from 'node:crypto';
import { ProblemException } from '@referral/platform-http';

/**
 * JSON with object keys sorted at every depth, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same
 * request. Array order matters; `undefined` members are dropped as `JSON.stringify` drops them.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    }
    return sorted;
  }
  return value;
}

const BOUNDARY = /boundary="?([^";]+)"?/i;

/**
 * A binary body (multipart) as its bytes, without its multipart boundary: a client that sends the
 * same file again under a new boundary sends the same request.
 */
function binaryContent(body: Buffer, contentType: string | undefined): Buffer {
  const boundary = BOUNDARY.exec(contentType ?? '')?.[1];
  if (!boundary) return body;
  return Buffer.from(body.toString('latin1').replaceAll(boundary, ''), 'latin1');
}

/** sha256 (hex) of the method, the path (with its query) and the canonical body JSON (or its bytes). */
export function requestHash(method: string, path: string, body: unknown, contentType?: string): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()}\n${path}\n`)
    .update(Buffer.isBuffer(body) ? binaryContent(body, contentType) : canonicalJson(body))
    .digest('hex');
}

/** 1 to 255 printable ASCII characters (space to tilde). */
export const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,255}$/;

/** The `Idempotency-Key` header's value when well-formed (one header, IDEMPOTENCY_KEY); else 400. */
export function validIdempotencyKey(value: string | string[]): string {
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY.test(value)) {
    throw ProblemException.of('idempotency-key-invalid', {
      detail: 'Idempotency-Key must be one header of 1 to 255 printable ASCII characters.',
    });
  }
  return value;
}

/** The POSTs that must carry an `Idempotency-Key` (API.md). */
const KEY_REQUIRED_PATHS = new Set(['/v1/referrals', '/v1/case-files', '/v1/patients']);

/** Whether the request is a POST to one of `paths` (the URL without its query and trailing slashes). */
export function isPostTo(paths: ReadonlySet<string>, method: string, url: string): boolean {
  return method.toUpperCase() === 'POST' && paths.has(url.split('?')[0].replace(/\/+$/, ''));
}

export function idempotencyKeyRequired(method: string, url: string): boolean {
  return isPostTo(KEY_REQUIRED_PATHS, method, url);
}
