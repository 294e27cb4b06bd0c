import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { GatewayEnv } from './config';

/** Room for the multipart framing around an attachment: part headers, boundaries, a description. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/**
 * Bodies the gateway passes on besides JSON. A multipart attachment is read whole (up to the
 * attachment limit), so that its Idempotency-Key covers its bytes and a retry over a dropped link
 * never stores the file twice; larger is 413 here, before the service sees it. A tus body
 * (`application/offset+octet-stream`) is left unread and streamed to the case-files service.
 */
export async function configureGatewayHttp(app: NestFastifyApplication, env: GatewayEnv): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer', bodyLimit: env.ATTACHMENT_MAX_BYTES + MULTIPART_OVERHEAD_BYTES },
    (_request, body, done) => done(null, body),
  );
  fastify.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));
  // FHIR JSON and JSON Patch go to the FHIR facade as they came (it parses them with the JSON limits).
  fastify.addContentTypeParser(
    ['application/fhir+json', 'application/json-patch+json'],
    { parseAs: 'buffer', bodyLimit: env.HTTP_BODY_LIMIT_BYTES },
    (_request, body, done) => done(null, body),
  );
}
