import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { pageOf, pageSize, type AttachmentPage, type ListAttachmentsQuery } from '@referral/contracts';
import { PhiAudit } from '@referral/platform-audit';
import type { Caller } from '@referral/platform-auth';
import { decodeKeysetCursor, encodeKeysetCursor } from '@referral/platform-database';
import { readCursor } from '@referral/platform-http';
import { CaseFileAccess } from '../case-files/case-file-access';
import { attachmentNotFound, rangeNotSatisfiable } from './attachment-problems';
import type { AttachmentEntity } from './attachment.entity';
import { toAttachmentResource } from './attachment-resource';
import { AttachmentRepository } from './attachment.repository';
import { BLOB_STORE, type BlobStore, type ByteRange } from './blob-store';
import { parseRange } from './byte-range';

export interface DownloadRequest {
  range?: string;
  ifNoneMatch?: string;
  ifRange?: string;
}

export type Download =
  | { kind: 'not-modified'; attachment: AttachmentEntity }
  | { kind: 'full'; attachment: AttachmentEntity; body: Readable }
  | { kind: 'partial'; attachment: AttachmentEntity; range: ByteRange; body: Readable };

/** The ETag of an attachment: its SHA-256, which names the bytes exactly. */
export const attachmentEtag = (attachment: AttachmentEntity) => `"${attachment.sha256}"`;

const etagListHas = (header: string, etag: string) =>
  header.trim() === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);

/**
 * Downloads and the list of attachments, for whoever may read the case file (anyone else: 404, as for
 * the case file); every download (whole or a range) and every page of the list is audited.
 */
@Injectable()
export class AttachmentReads {
  constructor(
    private readonly attachments: AttachmentRepository,
    private readonly access: CaseFileAccess,
    private readonly audit: PhiAudit,
    @Inject(BLOB_STORE) private readonly store: BlobStore,
  ) {}

  /**
   * The case file's attachments, oldest first, as the upload answered them. Audited as a read of the
   * case file (`details: { attachments: <how many on the page> }`): the metadata (type, size,
   * description) is clinical content too.
   */
  async list(caller: Caller, caseFileId: string, query: ListAttachmentsQuery): Promise<AttachmentPage> {
    const after = readCursor(query.cursor, decodeKeysetCursor);
    await this.access.check(caller, await this.attachments.findCaseFile(caseFileId), caseFileId, 'read');
    const limit = pageSize(query);
    const rows = await this.attachments.list(caseFileId, { after, limit });
    await this.audit.recordNow(caller, {
      action: 'read',
      objectType: 'case-file',
      objectId: caseFileId,
      details: { attachments: Math.min(rows.length, limit) },
    });
    return pageOf(rows, limit, toAttachmentResource, encodeKeysetCursor);
  }

  async open(caller: Caller, caseFileId: string, id: string, request: DownloadRequest): Promise<Download> {
    await this.access.check(caller, await this.attachments.findCaseFile(caseFileId), caseFileId, 'read');
    const attachment = await this.attachments.findOne(caseFileId, id);
    if (!attachment) throw attachmentNotFound(caseFileId, id);
    const etag = attachmentEtag(attachment);
    if (request.ifNoneMatch !== undefined && etagListHas(request.ifNoneMatch, etag)) {
      return { kind: 'not-modified', attachment };
    }
    // If-Range naming other bytes: the client's partial copy is stale, so it gets everything.
    const rangeApplies = request.ifRange === undefined || request.ifRange.trim() === etag;
    const range = rangeApplies ? parseRange(request.range, attachment.size) : undefined;
    if (range === 'unsatisfiable') throw rangeNotSatisfiable(attachment.size);
    await this.audit.recordNow(caller, {
      action: 'download',
      objectType: 'case-file',
      objectId: caseFileId,
      details: {
        attachmentId: id,
        ...(range && { rangeStart: range.start, rangeEnd: range.end }),
      },
    });
    const body = await this.store.read(id, attachment.size, range);
    return range ? { kind: 'partial', attachment, range, body } : { kind: 'full', attachment, body };
  }
}
