import { Controller, Get, Inject, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { CodeSystem } from '@medplum/fhirtypes';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SpecialtyList, SpecialtyResource } from '@referral/contracts';
import { MAX_PAGE_SIZE } from '@referral/contracts';
import { SERVICE_ENV } from '@referral/platform-http';
import type { FhirEnv } from '../config';
import { FhirError } from '../http/fhir-error';
import { sendResource } from '../http/fhir-reply';
import { OperationOutcomeFilter } from '../http/operation-outcome.filter';
import { askerOf, PublicApi, type Asker } from '../http/public-api';
import { nextLink, searchParams, selfLink, single, type SearchParams } from '../http/search';
import { searchset } from '../mapping/bundle';
import { ourCodeSystems, toSpecialtyCodeSystem } from '../mapping/code-systems';
import { SYSTEMS } from '../mapping/systems';
import { staticPage } from './static-page';

const SPECIALTY_ID = 'specialty';

/** How many pages of specialties the facade reads at most (100 each): a bound, not an expectation. */
const MAX_SPECIALTY_PAGES = 20;

/**
 * Our code systems as FHIR CodeSystem, read by their short ids and searched by `url`: `specialty`
 * (built from the directory's `GET /v1/specialties`, every page, so that it is complete and carries
 * the Urdu names; any authenticated caller may list them) and the others of ours (`ourCodeSystems`),
 * which the facade holds itself.
 */
@Controller('fhir/R4/CodeSystem')
@UseFilters(OperationOutcomeFilter)
export class CodeSystemController {
  constructor(
    @Inject(SERVICE_ENV) private readonly env: FhirEnv,
    private readonly api: PublicApi,
  ) {}

  @Get(':id')
  async read(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (id === SPECIALTY_ID) return sendResource(reply, 200, await this.specialties(askerOf(request)));
    const ours = ourCodeSystems().find((system) => system.id === id);
    if (!ours) throw FhirError.of(404, `CodeSystem/${id} is not known`);
    return sendResource(reply, 200, ours);
  }

  /** `url` (the canonical URL, exactly), `_count`; without `url`, all of ours. */
  @Get()
  async search(@Query() query: SearchParams, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const params = searchParams(query, ['url']);
    const base = this.env.FHIR_BASE_URL;
    const url = single(params, 'url');
    const ours = ourCodeSystems().filter((system) => url === undefined || system.url === url);
    const all =
      url === undefined || url === SYSTEMS.specialty
        ? [await this.specialties(askerOf(request)), ...ours]
        : ours;
    const page = staticPage(all, params);
    return sendResource(
      reply,
      200,
      searchset(page.items, {
        base,
        self: selfLink(base, 'CodeSystem', params),
        next: nextLink(base, 'CodeSystem', params, page.nextCursor),
      }),
    );
  }

  private async specialties(asker: Asker): Promise<CodeSystem> {
    const specialties: SpecialtyResource[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < MAX_SPECIALTY_PAGES; pages++) {
      const page = await this.api.get<SpecialtyList>(asker, '/v1/specialties', {
        limit: MAX_PAGE_SIZE,
        cursor,
      });
      specialties.push(...page.items);
      if (!page.nextCursor) return toSpecialtyCodeSystem(specialties);
      cursor = page.nextCursor;
    }
    // A list that does not end is not one we can call complete.
    throw FhirError.of(502, 'The directory did not finish listing the specialties');
  }
}
