import { createHash, randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { ServiceRequest } from '@medplum/fhirtypes';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ReferralResource } from '@referral/contracts';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { SERVICE_ENV } from '@referral/platform-http';
import { Inject } from '@nestjs/common';
import type { FhirEnv } from '../config';
import { searchset } from '../mapping/bundle';
import { FhirError, orNone } from '../http/fhir-error';
import { logicalId, sendResource } from '../http/fhir-reply';
import { OperationOutcomeFilter } from '../http/operation-outcome.filter';
import { askerOf, PublicApi } from '../http/public-api';
import {
  count,
  lastUpdated,
  nextLink,
  searchParams,
  selfLink,
  single,
  type SearchParams,
} from '../http/search';
import { readIfNoneExist, readServiceRequest } from '../mapping/service-request-create';
import { SYSTEMS } from '../mapping/systems';
import { ClientIdentifiers, type ClientIdentifier } from './client-identifiers';
import { ReferralResources } from './referral-resources';

/**
 * The key of the submission a conditional create stands for: the same organization and identifier
 * always give the same Idempotency-Key, so a create retried after a lost answer replays the first
 * one's (the gateway keeps it) instead of submitting twice.
 */
function idempotencyKeyOf(organizationId: string, identifier: ClientIdentifier): string {
  const hash = createHash('sha256')
    .update(`${organizationId}\n${identifier.system}\n${identifier.value}`)
    .digest('hex');
  return `fhir-${hash.slice(0, 48)}`;
}

/** The referral as FHIR ServiceRequest: read, search, create (= submit). */
@Controller('fhir/R4/ServiceRequest')
@UseFilters(OperationOutcomeFilter)
export class ServiceRequestController {
  constructor(
    @Inject(SERVICE_ENV) private readonly env: FhirEnv,
    private readonly api: PublicApi,
    private readonly referrals: ReferralResources,
    private readonly identifiers: ClientIdentifiers,
  ) {}

  @Get(':id')
  async read(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const asker = askerOf(request);
    const referral = await this.referrals.read(asker, logicalId('ServiceRequest', id));
    return sendResource(reply, 200, await this.referrals.serviceRequest(asker, referral));
  }

  /**
   * `identifier` (ours, or one the caller's organization gave at create), `_lastUpdated`, `_count`.
   * Newest first, as our list is.
   */
  @Get()
  async search(
    @CurrentCaller() caller: Caller,
    @Query() query: SearchParams,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const params = searchParams(query, ['identifier', '_lastUpdated']);
    const asker = askerOf(request);
    const self = selfLink(this.env.FHIR_BASE_URL, 'ServiceRequest', params);
    const identifier = single(params, 'identifier');
    if (identifier !== undefined) {
      const found = await this.byIdentifier(caller, identifier, asker);
      const matches = await this.referrals.serviceRequests(found ? [found] : []);
      return sendResource(reply, 200, searchset(matches, { base: this.env.FHIR_BASE_URL, self }));
    }
    const updated = lastUpdated(params);
    const page = await this.referrals.list(asker, {
      limit: count(params),
      cursor: single(params, '_cursor'),
    });
    const items = updated ? page.items.filter((referral) => updated.test(referral.updatedAt)) : page.items;
    const next = nextLink(this.env.FHIR_BASE_URL, 'ServiceRequest', params, page.nextCursor);
    return sendResource(
      reply,
      200,
      searchset(await this.referrals.serviceRequests(items), { base: this.env.FHIR_BASE_URL, self, next }),
    );
  }

  /**
   * Submits the referral the ServiceRequest describes (its Task comes with it). With
   * `If-None-Exist: identifier=system|value` exactly once per identifier of the caller's organization:
   * a second create answers 200 with the first. Without it, the client's own `Idempotency-Key` header
   * (if any) is passed on.
   */
  @Post()
  async create(
    @CurrentCaller() caller: Caller,
    @Body() body: ServiceRequest,
    @Headers('if-none-exist') ifNoneExist: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const creation = readServiceRequest(body ?? ({} as ServiceRequest));
    if (creation.kind === 'refused') {
      throw new FhirError({
        status: 422,
        detail: creation.detail,
        errors: [{ field: creation.expression, message: creation.detail }],
      });
    }
    const asker = askerOf(request);
    const condition = ifNoneExist === undefined ? undefined : readIfNoneExist(ifNoneExist);
    if (condition && 'refused' in condition) throw FhirError.of(400, condition.refused);
    if (condition) {
      const existing = await this.identifiers.referralOf(caller.organizationId, condition);
      if (existing) return this.answer(reply, 200, await this.referrals.read(asker, existing));
    }
    const given = (body.identifier ?? []).filter(
      (identifier): identifier is ClientIdentifier =>
        !!identifier.system && !!identifier.value && identifier.system !== SYSTEMS.referralId,
    );
    const key = condition
      ? idempotencyKeyOf(caller.organizationId, condition)
      : (idempotencyKey ?? randomUUID());
    const submitted = await this.api.post<ReferralResource>(asker, '/v1/referrals', creation.request, key);
    let referralId = submitted.id;
    for (const identifier of condition ? [condition, ...given] : given) {
      // Two creates racing on one identifier: the first recorded wins, and both answer it.
      const kept = await this.identifiers.record(caller.organizationId, identifier, submitted.id);
      if (condition && identifier === condition) referralId = kept;
    }
    const referral = referralId === submitted.id ? submitted : await this.referrals.read(asker, referralId);
    return this.answer(reply, referralId === submitted.id ? 201 : 200, referral);
  }

  private async answer(reply: FastifyReply, status: number, referral: ReferralResource) {
    const [resource] = await this.referrals.serviceRequests([referral]);
    return sendResource(reply, status, resource, {
      location: `${this.env.FHIR_BASE_URL}/ServiceRequest/${referral.id}`,
    });
  }

  private async byIdentifier(caller: Caller, given: string, asker: ReturnType<typeof askerOf>) {
    const bar = given.indexOf('|');
    if (bar <= 0) throw FhirError.of(400, 'identifier must be system|value');
    const system = given.slice(0, bar);
    const value = given.slice(bar + 1);
    const referralId =
      system === SYSTEMS.referralId
        ? /^[0-9a-f-]{36}$/i.test(value)
          ? value
          : undefined
        : await this.identifiers.referralOf(caller.organizationId, { system, value });
    return referralId ? orNone(this.referrals.read(asker, referralId)) : undefined;
  }
}
