import { Injectable } from '@nestjs/common';
import type { AttachmentPage, AttachmentResource, CaseFileResource } from '@referral/contracts';
import { MAX_PAGE_SIZE } from '@referral/contracts';
import { FhirError } from '../http/fhir-error';
import { PublicApi, type Asker } from '../http/public-api';
import { documentId, type DocumentKey } from '../mapping/document-id';

/**
 * Pages of a case file read to find one attachment or to list all of them: a case file has a handful;
 * this bounds what an odd one with thousands costs a single FHIR read.
 */
const MAX_PAGES = 20;

/**
 * A case file's attachments as the public API gives them (`GET /v1/case-files/{id}/attachments`, the
 * caller's rights decide: whoever may download them, anyone else 404), for DocumentReference, Binary
 * and ServiceRequest.supportingInfo.
 */
@Injectable()
export class CaseFileDocuments {
  constructor(private readonly api: PublicApi) {}

  page(
    asker: Asker,
    caseFileId: string,
    paging: { limit?: number; cursor?: string },
  ): Promise<AttachmentPage> {
    return this.api.get<AttachmentPage>(asker, `/v1/case-files/${caseFileId}/attachments`, paging);
  }

  /** The case file (for its patient: the DocumentReference's subject). */
  caseFile(asker: Asker, caseFileId: string): Promise<CaseFileResource> {
    return this.api.get<CaseFileResource>(asker, `/v1/case-files/${caseFileId}`);
  }

  /**
   * The attachment a document id names; 404 when the case file has none of that id (there is no read
   * of one attachment's metadata: the list is paged through, a case file has few).
   */
  async find(asker: Asker, key: DocumentKey, notFound: string): Promise<AttachmentResource> {
    let cursor: string | undefined;
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const page = await this.page(asker, key.caseFileId, { limit: MAX_PAGE_SIZE, cursor });
      const found = page.items.find((attachment) => attachment.id === key.attachmentId);
      if (found) return found;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    throw FhirError.of(404, notFound);
  }

  /** The document ids of all of a case file's attachments, oldest first. */
  async documentIds(asker: Asker, caseFileId: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const page = await this.page(asker, caseFileId, { limit: MAX_PAGE_SIZE, cursor });
      ids.push(...page.items.map((attachment) => documentId({ caseFileId, attachmentId: attachment.id })));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return ids;
  }
}
