import { Controller, Get, Inject, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ORGANIZATION_KINDS,
  type OrganizationKind,
  type OrganizationPage,
  type OrganizationResource,
} from '@referral/contracts';
import { SERVICE_ENV } from '@referral/platform-http';
import type { FhirEnv } from '../config';
import { logicalId, sendResource } from '../http/fhir-reply';
import { OperationOutcomeFilter } from '../http/operation-outcome.filter';
import { askerOf, PublicApi } from '../http/public-api';
import { count, nextLink, searchParams, selfLink, single, type SearchParams } from '../http/search';
import { searchset } from '../mapping/bundle';
import { toOrganization } from '../mapping/organization';
import { SYSTEMS } from '../mapping/systems';
import { codeIn } from './token';

/**
 * An organization of the directory as FHIR Organization: read (`GET /v1/organizations/{id}`: an admin
 * or a member of the organization) and search (`GET /v1/organizations`, which only an admin may list:
 * anyone else gets the directory's 403 as an OperationOutcome), by `type` = our kind, a page at a time.
 */
@Controller('fhir/R4/Organization')
@UseFilters(OperationOutcomeFilter)
export class OrganizationController {
  constructor(
    @Inject(SERVICE_ENV) private readonly env: FhirEnv,
    private readonly api: PublicApi,
  ) {}

  @Get(':id')
  async read(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const organization = await this.api.get<OrganizationResource>(
      askerOf(request),
      `/v1/organizations/${logicalId('Organization', id)}`,
    );
    return sendResource(reply, 200, toOrganization(organization));
  }

  /** `type` (our kind: `…/CodeSystem/organization-kind|hospital`, or the bare code), `_count`. */
  @Get()
  async search(@Query() query: SearchParams, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const params = searchParams(query, ['type']);
    const base = this.env.FHIR_BASE_URL;
    const self = selfLink(base, 'Organization', params);
    const type = single(params, 'type');
    const kind = type === undefined ? undefined : codeIn(SYSTEMS.organizationKind, type);
    if (kind === null || (kind !== undefined && !ORGANIZATION_KINDS.includes(kind as OrganizationKind))) {
      // A kind we do not have (or another system's code): nothing matches.
      return sendResource(reply, 200, searchset([], { base, self }));
    }
    const page = await this.api.get<OrganizationPage>(askerOf(request), '/v1/organizations', {
      kind,
      limit: count(params),
      cursor: single(params, '_cursor'),
    });
    return sendResource(
      reply,
      200,
      searchset(page.items.map(toOrganization), {
        base,
        self,
        next: nextLink(base, 'Organization', params, page.nextCursor),
      }),
    );
  }
}
