import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Server } from '@tus/server';
import { ERRORS, type Upload } from '@tus/utils';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { Caller } from '@referral/platform-auth';
import { PeriodicTask } from '@referral/platform-database';
import {
  assertTextContent,
  LOGGER,
  ProblemException,
  SERVICE_ENV,
  ValidationProblem,
} from '@referral/platform-http';
import { CaseFileAccess } from '../case-files/case-file-access';
import type { CaseFilesEnv } from '../config';
import { AddAttachmentCommand } from './add-attachment.command';
import { emptyFile } from './attachment-problems';
import { AttachmentRepository } from './attachment.repository';
import { SNIFF_BYTES } from './content-probe';
import { PostgresUploadStore } from './postgres-upload-store';
import { currentUploader, runAsUploader } from './upload-context';

export const UPLOADS_PATH = '/v1/uploads';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const MAX_DESCRIPTION = 500;

/** What `@tus/server` answers when a hook refuses: the problem, as JSON. */
function tusError(problem: ProblemException) {
  return { status_code: problem.getStatus(), body: JSON.stringify(problem.toProblem()) };
}

/** The download address of an attachment. */
export const attachmentPath = (caseFileId: string, attachmentId: string) =>
  `/v1/case-files/${caseFileId}/attachments/${attachmentId}`;

/**
 * Resumable uploads (tus 1.0, `@tus/server`) for clinics on connections that drop: `POST /v1/uploads`
 * with `Upload-Length` and `Upload-Metadata: caseFileId <base64>[, description <base64>]` creates an
 * upload; `PATCH /v1/uploads/{id}` at `Upload-Offset` sends bytes; `HEAD` tells how many arrived. The
 * upload's id becomes the attachment's id once the last byte arrives, and the attachment is then made
 * like a multipart one (type from content, SHA-256, event). Only the referring organization's
 * clinicians reach an upload; unfinished uploads expire after UPLOAD_EXPIRY_HOURS.
 */
@Injectable()
export class TusUploads implements OnModuleInit, OnModuleDestroy {
  readonly store: PostgresUploadStore;
  private readonly server: Server;
  /** Every UPLOAD_CLEANUP_INTERVAL_SECONDS, the expired uploads go. */
  private readonly cleanup = new PeriodicTask(
    async () => (await this.deleteExpired(), false),
    (error) => this.logger.warn({ err: error }, 'deleting expired uploads failed'),
  );

  constructor(
    dataSource: DataSource,
    private readonly attachments: AttachmentRepository,
    private readonly access: CaseFileAccess,
    private readonly addAttachment: AddAttachmentCommand,
    @Inject(SERVICE_ENV) private readonly env: CaseFilesEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.store = new PostgresUploadStore(dataSource, env.UPLOAD_EXPIRY_HOURS * 3_600_000);
    // No locker given: the default, an in-memory lock per instance. Across instances, appends are
    // guarded by the offset (see PostgresUploadStore).
    this.server = new Server({
      path: UPLOADS_PATH,
      datastore: this.store,
      maxSize: env.ATTACHMENT_MAX_BYTES,
      relativeLocation: true,
      namingFunction: () => randomUUID(),
      onUploadCreate: (_req, upload) => this.onCreate(upload),
      onIncomingRequest: (req, id) => this.onIncoming(req.method, id),
      onUploadFinish: (_req, upload) => this.onFinish(upload),
    });
  }

  onModuleInit(): void {
    this.cleanup.start(this.env.UPLOAD_CLEANUP_INTERVAL_SECONDS * 1000);
  }

  /** Deletes the unfinished uploads past their expiry (and finished ones' leftover rows); how many. */
  async deleteExpired(): Promise<number> {
    const count = await this.server.cleanUpExpiredUploads();
    if (count > 0) this.logger.info({ count }, 'deleted expired uploads');
    return count;
  }

  onModuleDestroy(): Promise<void> {
    return this.cleanup.stop();
  }

  /** Handles one tus request for an authenticated caller, writing the answer to `res`. */
  handle(caller: Caller, req: IncomingMessage, res: ServerResponse): Promise<void> {
    return runAsUploader(caller, () => this.server.handle(req, res));
  }

  private async onCreate(upload: Upload): Promise<{ metadata?: Upload['metadata'] }> {
    const caseFileId = upload.metadata?.caseFileId ?? '';
    const description = upload.metadata?.description ?? null;
    try {
      if (!UUID.test(caseFileId)) {
        throw new ValidationProblem([
          { field: 'Upload-Metadata', message: 'caseFileId must be the id of a case file (a UUID)' },
        ]);
      }
      if (description !== null && description.length > MAX_DESCRIPTION) {
        throw new ValidationProblem([
          { field: 'Upload-Metadata', message: `description must be at most ${MAX_DESCRIPTION} characters` },
        ]);
      }
      assertTextContent({ description });
      if (upload.size === 0) throw emptyFile();
      const caller = currentUploader();
      await this.access.check(caller, await this.attachments.findCaseFile(caseFileId), caseFileId, 'update');
    } catch (error) {
      if (error instanceof ProblemException) throw tusError(error);
      throw error;
    }
    return { metadata: upload.metadata };
  }

  /** Someone else's upload, or one that does not exist, is not found. POST creates: nothing to check. */
  private async onIncoming(method: string, id: string): Promise<void> {
    if (method === 'POST') return;
    const staged = await this.store.find(id);
    if (!staged || staged.organizationId !== currentUploader().organizationId) throw ERRORS.FILE_NOT_FOUND;
  }

  private async onFinish(upload: Upload) {
    const staged = await this.store.find(upload.id);
    if (!staged) throw ERRORS.FILE_NOT_FOUND;
    const headers = { 'Content-Location': attachmentPath(staged.caseFileId, upload.id) };
    // The answer to the last PATCH may have been lost and the client sends it again: done already.
    if (await this.attachments.findOne(staged.caseFileId, upload.id)) return { headers };
    try {
      await this.addAttachment.execute(currentUploader(), {
        id: upload.id,
        caseFileId: staged.caseFileId,
        head: await this.store.head(upload.id, SNIFF_BYTES),
        content: this.store.content(upload.id),
        description: staged.metadata.description ?? null,
      });
    } catch (error) {
      if (!(error instanceof ProblemException)) throw error;
      // The bytes will not change: an unaccepted file is not kept waiting for a retry.
      await this.store.remove(upload.id);
      throw tusError(error);
    }
    await this.store.dropContent(upload.id);
    return { headers };
  }
}
