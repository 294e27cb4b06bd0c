import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CaseFileAuditPage,
  CaseFileResource,
  CreateCaseFileRequest,
  GetCaseFileQuery,
  ListCaseFileAuditQuery,
  UpdateCaseFileRequest,
} from '@referral/contracts';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { ApiProblems } from '@referral/platform-http';
import { ApiIdempotencyKey } from '../idempotency/api-idempotency-key';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard';
import { Forwarder } from './forwarder';

const ETAG = {
  ETag: {
    description: 'The version of the case file, to send back as `If-Match`',
    schema: { type: 'string' },
  },
};

/** The case-files service's case-file routes: versioned with ETag / If-Match, every access audited there. */
@ApiTags('case-files')
@ApiProblems(401, 403, 429, 503)
@UseGuards(RateLimitGuard)
@Controller('v1')
export class CaseFilesRoutesController {
  constructor(private readonly forwarder: Forwarder) {}

  @Post('case-files')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Open a case file',
    description:
      "Role `clinician`, for a patient of the caller's organization (another organization's: 404).",
  })
  @ApiIdempotencyKey({ required: true })
  @ApiCreatedResponse({ type: CaseFileResource, headers: ETAG })
  @ApiProblems(400, 404, 409, 413, 415, 422)
  createCaseFile(
    @CurrentCaller() caller: Caller,
    @Body() _body: CreateCaseFileRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('case-files', caller, request, reply);
  }

  @Get('case-files/:id')
  @ApiOperation({
    summary: 'Read a case file',
    description: 'The referring organization. `?version=N` gives an earlier version.',
  })
  @ApiOkResponse({ type: CaseFileResource, headers: ETAG })
  @ApiProblems(400, 404, 422)
  getCaseFile(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Query() _query: GetCaseFileQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('case-files', caller, request, reply);
  }

  @Patch('case-files/:id')
  @ApiOperation({
    summary: 'Change a case file',
    description:
      'Role `clinician` of the referring organization. Send `If-Match` with the version you read; every change makes a new version.',
  })
  @ApiHeader({
    name: 'If-Match',
    required: true,
    description: 'The ETag of the version you read, e.g. `"3"`',
  })
  @ApiOkResponse({ type: CaseFileResource, headers: ETAG })
  @ApiProblems(
    400,
    404,
    { status: 409, description: 'The case file changed since you read it: read it again' },
    413,
    415,
    422,
    { status: 428, description: 'If-Match is required' },
  )
  updateCaseFile(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Body() _body: UpdateCaseFileRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('case-files', caller, request, reply);
  }

  @Get('case-files/:id/audit')
  @ApiOperation({
    summary: 'Who read or changed a case file',
    description: 'Clinicians of the owning organization, admin. Newest first.',
  })
  @ApiOkResponse({ type: CaseFileAuditPage })
  @ApiProblems(400, 404, 422)
  caseFileAudit(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Query() _query: ListCaseFileAuditQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('case-files', caller, request, reply);
  }
}
