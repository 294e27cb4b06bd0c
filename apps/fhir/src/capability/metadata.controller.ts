import { All, Controller, Get, Inject, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@referral/platform-auth';
import { SERVICE_ENV } from '@referral/platform-http';
import type { FhirEnv } from '../config';
import { FhirError } from '../http/fhir-error';
import { sendResource } from '../http/fhir-reply';
import { OperationOutcomeFilter } from '../http/operation-outcome.filter';
import { capabilityStatement } from './capability-statement';

/** `GET /metadata` (public, as FHIR requires), and an OperationOutcome for anything not served. */
@Controller('fhir/R4')
@UseFilters(OperationOutcomeFilter)
export class MetadataController {
  constructor(@Inject(SERVICE_ENV) private readonly env: FhirEnv) {}

  @Public()
  @Get('metadata')
  metadata(@Res() reply: FastifyReply) {
    return sendResource(reply, 200, capabilityStatement(this.env.FHIR_BASE_URL));
  }

  @Public()
  @All('*')
  notServed(@Req() request: FastifyRequest): never {
    throw FhirError.of(
      404,
      `${request.method} ${request.url.split('?')[0]} is not served here; see ${this.env.FHIR_BASE_URL}/metadata`,
    );
  }
}
