import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PatientResource } from '@referral/contracts';
import { logicalId, sendResource } from '../http/fhir-reply';
import { OperationOutcomeFilter } from '../http/operation-outcome.filter';
import { askerOf, PublicApi } from '../http/public-api';
import { toPatient } from '../mapping/patient';

/**
 * A patient as FHIR Patient: read only (`GET /v1/patients/{id}`: the registering organization, a
 * specialist while holding a referral on the patient's case file; 404 to anyone else, audited by the
 * case-files service). Never the CNIC, not even the masked form the API answers (`toPatient`). No
 * search: the API's lookup is by CNIC, which a FHIR search would carry in a URL.
 */
@Controller('fhir/R4/Patient')
@UseFilters(OperationOutcomeFilter)
export class PatientController {
  constructor(private readonly api: PublicApi) {}

  @Get(':id')
  async read(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const patient = await this.api.get<PatientResource>(
      askerOf(request),
      `/v1/patients/${logicalId('Patient', id)}`,
    );
    return sendResource(reply, 200, toPatient(patient));
  }
}
