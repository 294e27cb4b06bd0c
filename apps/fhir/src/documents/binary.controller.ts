import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { Controller, Get, Inject, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SERVICE_ENV } from '@referral/platform-http';
import type { FhirEnv } from '../config';
import { FhirError } from '../http/fhir-error';
import { sendResource } from '../http/fhir-reply';
import { OperationOutcomeFilter } from '../http/operation-outcome.filter';
import { askerOf, PublicApi } from '../http/public-api';
import { readDocumentId } from '../mapping/document-id';
import {
  RAW_REQUEST_HEADERS,
  RAW_RESPONSE_HEADERS,
  resourceEtag,
  toBinary,
  wantsBinaryResource,
} from './binary';

/**
 * An attachment's bytes as FHIR Binary (the id of its DocumentReference). Read only: files are
 * attached through the API (multipart or tus), which checks their type from the bytes. The download
 * is the API's (`GET /v1/case-files/{id}/attachments/{attachmentId}`, audited there), with the
 * caller's token: whoever may not read the case file gets its 404.
 */
@Controller('fhir/R4/Binary')
@UseFilters(OperationOutcomeFilter)
export class BinaryController {
  constructor(
    @Inject(SERVICE_ENV) private readonly env: FhirEnv,
    private readonly api: PublicApi,
  ) {}

  /**
   * With `Accept: application/fhir+json` (or `_format=json`) the Binary resource, the bytes base64 in
   * `data`, up to FHIR_BINARY_JSON_MAX_BYTES (above: 422, ask for the bytes). Otherwise the bytes as
   * the API streams them, with their own type: `Range`, `If-Range` and `If-None-Match` passed on, 206
   * and 304 (and 416 with `Content-Range`) passed back.
   */
  @Get(':id')
  async read(
    @Param('id') id: string,
    @Query('_format') format: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const key = readDocumentId(id);
    if (!key) throw FhirError.of(404, `Binary/${id} is not known`);
    const path = `/v1/case-files/${key.caseFileId}/attachments/${key.attachmentId}`;
    const asker = askerOf(request);
    void reply.header('vary', 'Accept');
    const ifNoneMatch = request.headers['if-none-match'];
    if (wantsBinaryResource(request.headers.accept, format)) {
      const response = await this.api.raw(
        asker,
        path,
        typeof ifNoneMatch === 'string' ? { 'if-none-match': ifNoneMatch } : {},
      );
      const etag = resourceEtag(response.headers.get('etag'));
      if (response.status === 304) {
        if (etag) void reply.header('etag', etag);
        return reply.status(304).send();
      }
      const size = Number(response.headers.get('content-length'));
      if (!(size <= this.env.FHIR_BINARY_JSON_MAX_BYTES)) {
        await response.body?.cancel();
        throw FhirError.of(
          422,
          `Binary/${id} has ${Number.isFinite(size) ? `${size} bytes` : 'an unknown size'}, more than the ` +
            `${this.env.FHIR_BINARY_JSON_MAX_BYTES} given as FHIR JSON: ask for the bytes themselves ` +
            `(an Accept other than application/fhir+json, e.g. ${response.headers.get('content-type') ?? '*/*'}), ` +
            'which stream and take Range',
        );
      }
      const bytes = Buffer.from(await response.arrayBuffer());
      const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
      return sendResource(reply, 200, toBinary(id, contentType, bytes), {
        'cache-control': 'private, no-cache',
        ...(etag ? { etag } : {}),
      });
    }
    const headers: Record<string, string> = {};
    for (const name of RAW_REQUEST_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const response = await this.api.raw(asker, path, headers).catch((error: unknown) => {
      const size = error instanceof FhirError ? (error.problem as { size?: unknown }).size : undefined;
      if (error instanceof FhirError && error.problem.status === 416 && typeof size === 'number') {
        void reply.header('content-range', `bytes */${size}`);
      }
      throw error;
    });
    void reply.status(response.status);
    for (const name of RAW_RESPONSE_HEADERS) {
      const value = response.headers.get(name);
      if (value) void reply.header(name, value);
    }
    if (!response.body || response.status === 304) return reply.send();
    return reply.send(Readable.fromWeb(response.body as ReadableStream));
  }
}
