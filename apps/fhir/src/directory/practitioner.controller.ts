import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PractitionerResource } from '@referral/contracts';
import { logicalId, sendResource } from '../http/fhir-reply';
import { OperationOutcomeFilter } from '../http/operation-outcome.filter';
import { askerOf, PublicApi } from '../http/public-api';
import { toPractitioner } from '../mapping/practitioner';

/**
 * A practitioner of the directory as FHIR Practitioner: read only (`GET /v1/practitioners/{id}`, for
 * whoever may read it there: an admin, a coordinator of their organization, the practitioner
 * themself). No search: the public API cannot find a practitioner by PMDC number, and its search
 * (`GET /v1/practitioners?specialty=`) finds roles, served as PractitionerRole.
 */
@Controller('fhir/R4/Practitioner')
@UseFilters(OperationOutcomeFilter)
export class PractitionerController {
  constructor(private readonly api: PublicApi) {}

  @Get(':id')
  async read(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const practitioner = await this.api.get<PractitionerResource>(
      askerOf(request),
      `/v1/practitioners/${logicalId('Practitioner', id)}`,
    );
    return sendResource(reply, 200, toPractitioner(practitioner));
  }
}
