import { Module } from '@nestjs/common';
import { PhiAuditModule } from '@referral/platform-audit';
import { SERVICE_ENV } from '@referral/platform-http';
import { DataSource } from 'typeorm';
import { AccessGrantsModule } from '../access-grants/access-grants.module';
import type { CaseFilesEnv } from '../config';
import { AddAttachmentCommand } from './add-attachment.command';
import { AttachmentReads } from './attachment-reads.service';
import { AttachmentRepository } from './attachment.repository';
import { AttachmentsController } from './attachments.controller';
import { BLOB_STORE, type BlobStore } from './blob-store';
import { PostgresBlobStore } from './postgres-blob-store';
import { S3BlobStore } from './s3-blob-store';
import { TusUploads } from './tus-uploads';
import { UploadsController } from './uploads.controller';

/** ATTACHMENT_STORAGE: PostgreSQL (the default) or an S3-compatible store. */
function blobStore(env: CaseFilesEnv, dataSource: DataSource): BlobStore {
  if (env.ATTACHMENT_STORAGE === 'postgres') return new PostgresBlobStore(dataSource);
  return new S3BlobStore({
    bucket: env.S3_BUCKET!,
    keyPrefix: env.S3_KEY_PREFIX,
    client: {
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
      ...(env.S3_ACCESS_KEY_ID &&
        env.S3_SECRET_ACCESS_KEY && {
          credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY },
        }),
      // Checksums only where S3 requires them: stores that implement the older API still work.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    },
  });
}

/** Attachments of case files: multipart and tus uploads, type from content, ranged downloads. */
@Module({
  imports: [PhiAuditModule, AccessGrantsModule],
  controllers: [AttachmentsController, UploadsController],
  providers: [
    AttachmentRepository,
    AddAttachmentCommand,
    AttachmentReads,
    TusUploads,
    { provide: BLOB_STORE, inject: [SERVICE_ENV, DataSource], useFactory: blobStore },
  ],
})
export class AttachmentsModule {}
