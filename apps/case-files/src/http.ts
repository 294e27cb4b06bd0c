import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { CaseFilesEnv } from './config';

/**
 * What the case-files HTTP server accepts besides JSON: multipart attachments (limits per request in
 * readMultipartFile), and tus bodies (`application/offset+octet-stream`), left unread for
 * `@tus/server` to stream into the upload store.
 */
export async function configureCaseFilesHttp(app: NestFastifyApplication, _env: CaseFilesEnv): Promise<void> {
  await app.register(multipart);
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));
}
