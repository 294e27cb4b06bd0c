import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  CaseFileAuditPage,
  CaseFileResource,
  CaseFileSummary,
  CreateCaseFileRequest,
  GetCaseFileQuery,
  ListCaseFileAuditQuery,
  UpdateCaseFileRequest,
} from '@referral/contracts';
import { CurrentCaller, Roles, type Caller } from '@referral/platform-auth';
import { CaseFileReads } from './case-file-reads.service';
import { etagOf, toCaseFileResource } from './case-file-resource';
import { CreateCaseFileCommand } from './create-case-file.command';
import { UpdateCaseFileCommand } from './update-case-file.command';

const ETAG_HEADER = {
  ETag: { description: 'The version, quoted: send it back as If-Match', schema: { type: 'string' } },
};

@ApiTags('case-files')
@Controller('v1/case-files')
export class CaseFilesController {
  constructor(
    private readonly create: CreateCaseFileCommand,
    private readonly update: UpdateCaseFileCommand,
    private readonly reads: CaseFileReads,
  ) {}

  @Post()
  @Roles('clinician')
  @HttpCode(201)
  @ApiCreatedResponse({ type: CaseFileResource, headers: ETAG_HEADER })
  @ApiNotFoundResponse({ description: 'The patient is not one of the caller’s organization' })
  async post(
    @CurrentCaller() caller: Caller,
    @Body() body: CreateCaseFileRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseFileResource> {
    const caseFile = await this.create.execute(caller, body);
    void reply.header('etag', etagOf(caseFile.version));
    return toCaseFileResource(caseFile);
  }

  /** The referring organization's members; a specialist through a grant (holds a referral on it). */
  @Get(':id')
  @Roles('clinician', 'coordinator', 'admin', 'specialist')
  @ApiOkResponse({ type: CaseFileResource, headers: ETAG_HEADER })
  async get(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: GetCaseFileQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseFileResource> {
    const resource = await this.reads.get(caller, id, query.version);
    void reply.header('etag', etagOf(resource.version));
    return resource;
  }

  /**
   * Internal, not routed by the gateway (no `apps/gateway/src/proxy/*.routes.ts` declares it, so it is a
   * 404 there): the referrals service calls it directly, with the caller's token, when a clinic submits
   * a referral: the case file exists and the caller may read it (else 404, as for `GET :id`), and the
   * patient's sex and age band for the de-identified queue. No name, CNIC, phone or clinical text.
   */
  @Get(':id/summary')
  @Roles('clinician', 'coordinator', 'admin', 'specialist')
  @ApiOkResponse({ type: CaseFileSummary })
  @ApiNotFoundResponse({ description: 'No such case file, or the caller may not read it' })
  summary(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<CaseFileSummary> {
    return this.reads.summary(caller, id);
  }

  @Patch(':id')
  @Roles('clinician')
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag of the version read, e.g. "3"' })
  @ApiOkResponse({ type: CaseFileResource, headers: ETAG_HEADER })
  @ApiConflictResponse({ description: 'Changed since that version: `currentVersion` in the problem' })
  @ApiResponse({ status: 428, description: 'If-Match missing' })
  async patch(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateCaseFileRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseFileResource> {
    const caseFile = await this.update.execute(caller, id, ifMatch, body);
    void reply.header('etag', etagOf(caseFile.version));
    return toCaseFileResource(caseFile);
  }

  @Get(':id/audit')
  @Roles('clinician', 'admin')
  @ApiOkResponse({ type: CaseFileAuditPage })
  audit(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: ListCaseFileAuditQuery,
  ): Promise<CaseFileAuditPage> {
    return this.reads.auditTrail(caller, id, query);
  }
}
