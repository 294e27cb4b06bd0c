import { Injectable } from '@nestjs/common';
import type { ServiceRequest, Task } from '@medplum/fhirtypes';
import type { QueuePage, ReferralPage, ReferralResource } from '@referral/contracts';
import { CaseFileDocuments } from '../documents/case-file-documents';
import { FhirError } from '../http/fhir-error';
import { PublicApi, type Asker, type Query } from '../http/public-api';
import { toServiceRequest } from '../mapping/service-request';
import { toTask } from '../mapping/task';
import { ClientIdentifiers } from './client-identifiers';

/**
 * Referrals as the public API gives them (the caller's rights decide what comes back), as FHIR
 * ServiceRequests and Tasks. A ServiceRequest also carries the identifiers its creator gave it.
 */
@Injectable()
export class ReferralResources {
  constructor(
    private readonly api: PublicApi,
    private readonly identifiers: ClientIdentifiers,
    private readonly documents: CaseFileDocuments,
  ) {}

  read(asker: Asker, id: string): Promise<ReferralResource> {
    return this.api.get<ReferralResource>(asker, `/v1/referrals/${id}`);
  }

  list(asker: Asker, query: Query): Promise<ReferralPage> {
    return this.api.get<ReferralPage>(asker, '/v1/referrals', query);
  }

  queue(asker: Asker, query: Query): Promise<QueuePage> {
    return this.api.get<QueuePage>(asker, '/v1/queue', query);
  }

  async serviceRequests(referrals: readonly ReferralResource[]): Promise<ServiceRequest[]> {
    const given = await this.identifiers.of(referrals.map((referral) => referral.id));
    return referrals.map((referral) => {
      const request = toServiceRequest(referral);
      const identifiers = given.get(referral.id) ?? [];
      return { ...request, identifier: [...(request.identifier ?? []), ...identifiers] };
    });
  }

  /**
   * One ServiceRequest as a read gives it: with `supportingInfo`, the case file's documents (one more
   * call, so only on a read, not per search result). A caller who sees the referral but may not read
   * its case file (the API's 403 or 404: a partner hospital, say) gets it without.
   */
  async serviceRequest(asker: Asker, referral: ReferralResource): Promise<ServiceRequest> {
    const [[request], documentIds] = await Promise.all([
      this.serviceRequests([referral]),
      this.documents.documentIds(asker, referral.caseFileId).catch((error: unknown) => {
        // Not the caller's to read (a partner's role: 403; a specialist without a grant: 404).
        if (error instanceof FhirError && [403, 404].includes(error.problem.status)) return [];
        throw error;
      }),
    ]);
    // toServiceRequest names each `DocumentReference/<id>` as given: here the documents' own ids.
    const supportingInfo = toServiceRequest(referral, documentIds).supportingInfo;
    return supportingInfo ? { ...request, supportingInfo } : request;
  }

  tasks(referrals: readonly ReferralResource[]): Task[] {
    return referrals.map(toTask);
  }
}
