import { Controller, Get, Inject, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CASE_FILE_ROUTES,
  type AttachmentPage,
  type CaseFileResource,
  type ReferralResource,
} from '@referral/contracts';
import { Roles } from '@referral/platform-auth';
import { SERVICE_ENV } from '@referral/platform-http';
import type { FhirEnv } from '../config';
import { FhirError, orNone } from '../http/fhir-error';
import { sendResource } from '../http/fhir-reply';
import { OperationOutcomeFilter } from '../http/operation-outcome.filter';
import { askerOf, type Asker } from '../http/public-api';
import {
  count,
  lastUpdated,
  nextLink,
  searchParams,
  selfLink,
  single,
  type SearchParams,
} from '../http/search';
import { searchset } from '../mapping/bundle';
import { readDocumentId } from '../mapping/document-id';
import { toDocumentReference } from '../mapping/document-reference';
import { referencedId } from '../mapping/service-request-create';
import { ReferralResources } from '../referrals/referral-resources';
import { CaseFileDocuments } from './case-file-documents';

/**
 * A case file's attachments as FHIR DocumentReference: read, and search by the case file
 * (`encounter=Encounter/{caseFileId}`: our case file is the Encounter a ServiceRequest names) or by
 * the referral (`related=ServiceRequest/{referralId}`). There is no search across case files: the API
 * lists attachments per case file only.
 */
@Controller('fhir/R4/DocumentReference')
@UseFilters(OperationOutcomeFilter)
export class DocumentReferenceController {
  constructor(
    @Inject(SERVICE_ENV) private readonly env: FhirEnv,
    private readonly documents: CaseFileDocuments,
    private readonly referrals: ReferralResources,
  ) {}

  /** The case file (its patient is the subject) and the attachment, read side by side. */
  @Get(':id')
  async read(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const key = readDocumentId(id);
    const notFound = `DocumentReference/${id} is not known`;
    if (!key) throw FhirError.of(404, notFound);
    const asker = askerOf(request);
    const [caseFile, attachment] = await Promise.all([
      this.documents.caseFile(asker, key.caseFileId),
      this.documents.find(asker, key, notFound),
    ]);
    return sendResource(reply, 200, toDocumentReference(caseFile, attachment));
  }

  /**
   * `encounter` or `related` (one of them), `_lastUpdated` (the creation: never replaced), `_count`.
   * Oldest first. The roles of the attachment list, checked here first: by `related` the facade reads
   * the referral before the list, and a role the list refuses (a partner's) must be refused whether
   * or not the referral exists, not only when it does.
   */
  @Get()
  @Roles(...CASE_FILE_ROUTES.routes.listAttachments.roles)
  async search(@Query() query: SearchParams, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const params = searchParams(query, ['encounter', 'related', '_lastUpdated']);
    const encounter = single(params, 'encounter');
    const related = single(params, 'related');
    if ((encounter === undefined) === (related === undefined)) {
      throw FhirError.of(
        400,
        'Search DocumentReference by encounter=Encounter/{caseFileId} or related=ServiceRequest/{referralId} (one of them)',
      );
    }
    const asker = askerOf(request);
    const base = this.env.FHIR_BASE_URL;
    const self = selfLink(base, 'DocumentReference', params);
    const paging = { limit: count(params), cursor: single(params, '_cursor') };
    const found =
      encounter !== undefined
        ? await this.byCaseFile(asker, referencedId(encounter, 'Encounter'), paging)
        : await this.byReferral(asker, referencedId(related, 'ServiceRequest'), paging);
    if (!found) return sendResource(reply, 200, searchset([], { base, self }));
    const updated = lastUpdated(params);
    const matches = found.page.items
      .filter((attachment) => !updated || updated.test(attachment.createdAt))
      .map((attachment) => toDocumentReference(found.owner, attachment));
    const next = nextLink(base, 'DocumentReference', params, found.page.nextCursor);
    return sendResource(reply, 200, searchset(matches, { base, self, next }));
  }

  private async byCaseFile(
    asker: Asker,
    caseFileId: string | undefined,
    paging: { limit?: number; cursor?: string },
  ): Promise<{ owner: CaseFileResource; page: AttachmentPage } | undefined> {
    if (!caseFileId) return undefined;
    const [owner, page] = await Promise.all([
      orNone(this.documents.caseFile(asker, caseFileId)),
      orNone(this.documents.page(asker, caseFileId, paging)),
    ]);
    return owner && page ? { owner, page } : undefined;
  }

  private async byReferral(
    asker: Asker,
    referralId: string | undefined,
    paging: { limit?: number; cursor?: string },
  ): Promise<{ owner: ReferralResource; page: AttachmentPage } | undefined> {
    if (!referralId) return undefined;
    const owner = await orNone(this.referrals.read(asker, referralId));
    // A specialist who sees the referral (the open pool) may not yet read its case file: nothing found.
    const page = owner && (await orNone(this.documents.page(asker, owner.caseFileId, paging)));
    return owner && page ? { owner, page } : undefined;
  }
}
