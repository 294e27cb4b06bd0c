import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CaseFileResource } from '@referral/contracts';
import { FhirError } from '../http/fhir-error';
import { logicalId, sendResource } from '../http/fhir-reply';
import { OperationOutcomeFilter } from '../http/operation-outcome.filter';
import { askerOf, PublicApi } from '../http/public-api';
import { toEncounter } from '../mapping/encounter';

/**
 * A case file as the FHIR Encounter a ServiceRequest's `encounter` points at: read
 * (`GET /v1/case-files/{id}`: the referring organization, a specialist holding a referral on it) and
 * vread of an earlier version (`?version=N`; the version is `meta.versionId`). The case-files service
 * audits every read.
 */
@Controller('fhir/R4/Encounter')
@UseFilters(OperationOutcomeFilter)
export class EncounterController {
  constructor(private readonly api: PublicApi) {}

  @Get(':id')
  async read(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const caseFile = await this.api.get<CaseFileResource>(
      askerOf(request),
      `/v1/case-files/${logicalId('Encounter', id)}`,
    );
    return sendResource(reply, 200, toEncounter(caseFile), { etag: `W/"${caseFile.version}"` });
  }

  @Get(':id/_history/:version')
  async vread(
    @Param('id') id: string,
    @Param('version') version: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const caseFileId = logicalId('Encounter', id);
    // Our versions count from 1; anything else names no version (404, as an unknown one would).
    if (!/^[1-9]\d{0,8}$/.test(version)) {
      throw FhirError.of(404, `Encounter/${caseFileId}/_history/${version} is not known`);
    }
    const caseFile = await this.api.get<CaseFileResource>(askerOf(request), `/v1/case-files/${caseFileId}`, {
      version: Number(version),
    });
    return sendResource(reply, 200, toEncounter(caseFile), { etag: `W/"${caseFile.version}"` });
  }
}
