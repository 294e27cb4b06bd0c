import { Controller, Get, Inject, Param, Query, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { SERVICE_ENV } from '@referral/platform-http';
import type { FhirEnv } from '../config';
import { FhirError } from '../http/fhir-error';
import { sendResource } from '../http/fhir-reply';
import { OperationOutcomeFilter } from '../http/operation-outcome.filter';
import { nextLink, searchParams, selfLink, single, type SearchParams } from '../http/search';
import { searchset } from '../mapping/bundle';
import { namingSystems } from '../mapping/naming-systems';
import { staticPage } from './static-page';

/**
 * Our identifier systems as FHIR NamingSystem (`namingSystems`: the PMDC number and our ids), read by
 * their short ids and searched by `value` (R4's string parameter on `uniqueId.value`, the system's URI).
 * The facade holds them itself; like every interaction but `/metadata`, they take a token.
 */
@Controller('fhir/R4/NamingSystem')
@UseFilters(OperationOutcomeFilter)
export class NamingSystemController {
  constructor(@Inject(SERVICE_ENV) private readonly env: FhirEnv) {}

  @Get(':id')
  read(@Param('id') id: string, @Res() reply: FastifyReply) {
    const found = namingSystems().find((system) => system.id === id);
    if (!found) throw FhirError.of(404, `NamingSystem/${id} is not known`);
    return sendResource(reply, 200, found);
  }

  /** `value` (the URI, or its start), `_count`; without `value`, all of ours. */
  @Get()
  search(@Query() query: SearchParams, @Res() reply: FastifyReply) {
    const params = searchParams(query, ['value']);
    const base = this.env.FHIR_BASE_URL;
    const value = single(params, 'value');
    // A string parameter: matches a URI that starts with the value, in any case (FHIR's string search).
    const wanted = value?.toLowerCase();
    const found = namingSystems().filter(
      (system) =>
        wanted === undefined ||
        system.uniqueId?.some((unique) => unique.value.toLowerCase().startsWith(wanted)),
    );
    const page = staticPage(found, params);
    return sendResource(
      reply,
      200,
      searchset(page.items, {
        base,
        self: selfLink(base, 'NamingSystem', params),
        next: nextLink(base, 'NamingSystem', params, page.nextCursor),
      }),
    );
  }
}
