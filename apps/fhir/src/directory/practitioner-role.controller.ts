import { Controller, Get, Inject, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  SPECIALTY_CODES,
  type PractitionerResource,
  type PractitionerSearchPage,
  type SpecialtyCode,
} from '@referral/contracts';
import { SERVICE_ENV } from '@referral/platform-http';
import type { FhirEnv } from '../config';
import { FhirError, orNone } from '../http/fhir-error';
import { sendResource } from '../http/fhir-reply';
import { OperationOutcomeFilter } from '../http/operation-outcome.filter';
import { askerOf, PublicApi, type Asker } from '../http/public-api';
import { count, nextLink, searchParams, selfLink, single, type SearchParams } from '../http/search';
import { searchset } from '../mapping/bundle';
import { searchResultRole, toPractitioner, toPractitionerRole } from '../mapping/practitioner';
import { SYSTEMS } from '../mapping/systems';
import { codeIn, referenceTo } from './token';

const ROLE_INCLUDES = ['PractitionerRole:practitioner'];

/**
 * A practitioner's specialty roles as FHIR PractitionerRole, search only (no route of the public API
 * gives a role by its id, so there is no read):
 *
 * - `specialty=…/CodeSystem/specialty|<code>`: the eligible-specialists search
 *   (`GET /v1/practitioners?specialty=`: coordinators, clinicians, admins): only roles that could take
 *   a case (active, licence valid), a page at a time (`_count`, `link.next`); with `practitioner` as
 *   well, that practitioner's among them.
 * - `practitioner=Practitioner/<id>` alone: every role of the practitioner, as their read shows them
 *   (`GET /v1/practitioners/{id}`: an admin, a coordinator of their organization, the practitioner
 *   themself); one the caller may not read finds nothing.
 *
 * `_include=PractitionerRole:practitioner` adds the practitioners, as the same answer shows them.
 */
@Controller('fhir/R4/PractitionerRole')
@UseFilters(OperationOutcomeFilter)
export class PractitionerRoleController {
  constructor(
    @Inject(SERVICE_ENV) private readonly env: FhirEnv,
    private readonly api: PublicApi,
  ) {}

  @Get()
  async search(@Query() query: SearchParams, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const params = searchParams(query, ['specialty', 'practitioner', '_include']);
    const include = this.includes(params);
    const asker = askerOf(request);
    const base = this.env.FHIR_BASE_URL;
    const self = selfLink(base, 'PractitionerRole', params);
    const specialtyToken = single(params, 'specialty');
    const practitionerRef = single(params, 'practitioner');
    if (specialtyToken === undefined && practitionerRef === undefined) {
      throw FhirError.of(400, 'Search PractitionerRole by specialty (system|code) or practitioner');
    }
    const specialty = specialtyToken === undefined ? undefined : codeIn(SYSTEMS.specialty, specialtyToken);
    const practitionerId =
      practitionerRef === undefined ? undefined : referenceTo('Practitioner', practitionerRef);
    const none = () => sendResource(reply, 200, searchset([], { base, self }));
    // A code or a practitioner that is not ours: nothing can match.
    if (specialty === null || practitionerId === null) return none();
    if (specialty !== undefined && !SPECIALTY_CODES.includes(specialty as SpecialtyCode)) return none();

    if (specialty === undefined) {
      const practitioner = await this.readOrNone(asker, practitionerId!);
      if (!practitioner) return none();
      const roles = practitioner.roles.map((role) => toPractitionerRole(practitioner, role));
      const included = include ? [toPractitioner(practitioner)] : [];
      return sendResource(reply, 200, searchset(roles, { base, self, included }));
    }

    const page = await this.api.get<PractitionerSearchPage>(asker, '/v1/practitioners', {
      specialty,
      limit: count(params),
      cursor: single(params, '_cursor'),
    });
    const results = page.items.filter(
      (result) => !practitionerId || result.practitionerId === practitionerId,
    );
    const roles: PractitionerRole[] = results.map(searchResultRole);
    const included: Practitioner[] = include ? results.map(toPractitioner) : [];
    return sendResource(
      reply,
      200,
      searchset(roles, {
        base,
        self,
        next: nextLink(base, 'PractitionerRole', params, page.nextCursor),
        included,
      }),
    );
  }

  private includes(params: SearchParams): boolean {
    const given = params._include;
    const includes = given === undefined ? [] : Array.isArray(given) ? given : [given];
    const unknown = includes.filter((include) => !ROLE_INCLUDES.includes(include));
    if (unknown.length > 0) {
      throw FhirError.of(
        400,
        `Unsupported _include ${unknown.join(', ')}; supported: ${ROLE_INCLUDES.join(', ')}`,
      );
    }
    return includes.length > 0;
  }

  private readOrNone(asker: Asker, id: string): Promise<PractitionerResource | undefined> {
    return orNone(this.api.get<PractitionerResource>(asker, `/v1/practitioners/${id}`));
  }
}
