import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CaseFileEventData } from '@referral/contracts';
import { PhiAudit } from '@referral/platform-audit';
import type { Caller } from '@referral/platform-auth';
import { SERVICE_ENV } from '@referral/platform-http';
import { Outbox } from '@referral/platform-kafka';
import { CaseFileAccess } from '../case-files/case-file-access';
import { toCaseFileEventData } from '../case-files/case-file-resource';
import type { CaseFilesEnv } from '../config';
import { emptyFile, fileTooLarge } from './attachment-problems';
import type { AttachmentEntity } from './attachment.entity';
import { AttachmentRepository } from './attachment.repository';
import { BLOB_STORE, type BlobStore } from './blob-store';
import { acceptedTypeOf, Digest } from './content-probe';

export interface NewAttachment {
  id: string;
  caseFileId: string;
  /** The first bytes (at least SNIFF_BYTES, or the whole file when smaller): the type is read from them. */
  head: Buffer;
  /** All the bytes, head included. */
  content: Buffer | AsyncIterable<Buffer>;
  description: string | null;
}

/**
 * A clinician of the referring organization attaches a file to a case file, by multipart upload or at
 * the end of a tus upload. The type comes from the content (JPEG, PNG, PDF, DICOM; else 415, before
 * anything is written); the bytes, the attachment row, the audit entry and
 * `case_file.attachment_added` commit together, or nothing is kept.
 */
@Injectable()
export class AddAttachmentCommand {
  constructor(
    private readonly dataSource: DataSource,
    private readonly attachments: AttachmentRepository,
    private readonly access: CaseFileAccess,
    private readonly audit: PhiAudit,
    private readonly outbox: Outbox,
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    @Inject(SERVICE_ENV) private readonly env: CaseFilesEnv,
  ) {}

  /** Before reading a body: a stranger is told 404 without the service reading megabytes first. */
  async assertMayAttach(caller: Caller, caseFileId: string): Promise<void> {
    await this.access.check(caller, await this.attachments.findCaseFile(caseFileId), caseFileId, 'update');
  }

  async execute(caller: Caller, input: NewAttachment): Promise<AttachmentEntity> {
    if (input.head.length === 0) throw emptyFile();
    const contentType = await acceptedTypeOf(input.head);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const caseFile = await this.access.check(
          caller,
          await this.attachments.findCaseFile(input.caseFileId, manager),
          input.caseFileId,
          'update',
          manager,
        );
        const digest = new Digest();
        const content = Buffer.isBuffer(input.content) ? [input.content] : input.content;
        await this.store.put(input.id, digest.through(content), manager);
        if (digest.size === 0) throw emptyFile();
        if (digest.size > this.env.ATTACHMENT_MAX_BYTES) throw fileTooLarge(this.env.ATTACHMENT_MAX_BYTES);
        const attachment = await this.attachments.insert(manager, {
          id: input.id,
          caseFileId: caseFile.id,
          organizationId: caseFile.organizationId,
          contentType,
          size: digest.size,
          sha256: digest.sha256(),
          description: input.description,
          storage: this.store.storage,
          createdByClientId: caller.clientId,
          createdByPractitionerId: caller.practitionerId,
        });
        await this.audit.record(manager, caller, {
          action: 'create',
          objectType: 'case-file',
          objectId: caseFile.id,
          details: { attachmentId: attachment.id, version: caseFile.version },
        });
        await this.outbox.add<CaseFileEventData>(manager, {
          type: 'case_file.attachment_added',
          subject: caseFile.id,
          data: {
            ...toCaseFileEventData(caseFile),
            attachmentId: attachment.id,
            contentType,
            size: attachment.size,
            occurredAt: attachment.createdAt.toISOString(),
          },
        });
        return attachment;
      });
    } catch (error) {
      // A store outside this database wrote on its own: take back what the rollback could not.
      if (this.store.storage !== 'postgres') await this.store.remove(input.id).catch(() => undefined);
      throw error;
    }
  }
}
