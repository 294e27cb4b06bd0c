import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CreatePatientRequest, FindPatientsQuery, PatientList, PatientResource } from '@referral/contracts';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { ApiProblems } from '@referral/platform-http';
import { ApiIdempotencyKey } from '../idempotency/api-idempotency-key';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard';
import { Forwarder } from './forwarder';

/** The case-files service's patient routes: identity, the CNIC only ever masked, every access audited there. */
@ApiTags('patients')
@ApiProblems(401, 403, 429, 503)
@UseGuards(RateLimitGuard)
@Controller('v1')
export class PatientsRoutesController {
  constructor(private readonly forwarder: Forwarder) {}

  @Post('patients')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register a patient',
    description:
      "Role `clinician`. The patient belongs to the caller's organization. The CNIC or B-Form number is stored encrypted and only ever returned masked; registering the same one twice in an organization is 409 with `existingPatientId`.",
  })
  @ApiIdempotencyKey({ required: true })
  @ApiCreatedResponse({ type: PatientResource })
  @ApiProblems(
    400,
    { status: 409, description: 'This CNIC is registered already: `existingPatientId`' },
    413,
    415,
    422,
  )
  createPatient(
    @CurrentCaller() caller: Caller,
    @Body() _body: CreatePatientRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('case-files', caller, request, reply);
  }

  @Get('patients')
  @ApiOperation({
    summary: 'Find a patient by CNIC',
    description: "Role `clinician`. Exact lookup within the caller's organization.",
  })
  @ApiOkResponse({ type: PatientList })
  @ApiProblems(400, 422)
  findPatients(
    @CurrentCaller() caller: Caller,
    @Query() _query: FindPatientsQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('case-files', caller, request, reply);
  }

  @Get('patients/:id')
  @ApiOperation({
    summary: 'Read a patient',
    description:
      'The registering organization; a specialist holding a referral on a case file of this patient (404 before the claim and after the release). The CNIC comes back masked.',
  })
  @ApiOkResponse({ type: PatientResource })
  @ApiProblems(400, 404)
  getPatient(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('case-files', caller, request, reply);
  }
}
