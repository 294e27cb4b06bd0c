import { Injectable } from '@nestjs/common';
import type { ServiceRequest, Task } from '@medplum/fhirtypes';
import type { QueuePage, ReferralPage, ReferralResource } from '@referral/contracts';
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

  tasks(referrals: readonly ReferralResource[]): Task[] {
    return referrals.map(toTask);
  }
}
