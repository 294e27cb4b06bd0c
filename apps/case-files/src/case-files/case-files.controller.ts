import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  CaseFileAuditPage,
  CaseFileResource,
  CaseFileSummary,
  CreateCaseFileRequest,
  GetCaseFileQuery,
  ListCaseFileAuditQuery,
  UpdateCaseFileRequest,
  CASE_FILE_ROUTES,
  CASE_FILE_READERS,
} from '@referral/contracts';
import { CurrentCaller, Roles, type Caller } from '@referral/platform-auth';
import { CaseFileReads } from './case-file-reads.service';
import { etagOf, toCaseFileResource } from './case-file-resource';
import { CreateCaseFileCommand } from './create-case-file.command';
import { UpdateCaseFileCommand } from './update-case-file.command';
import { ServiceRoute } from '@referral/platform-http';

@ApiTags('case-files')
@Controller()
export class CaseFilesController {
  constructor(
    private readonly create: CreateCaseFileCommand,
    private readonly update: UpdateCaseFileCommand,
    private readonly reads: CaseFileReads,
  ) {}

  @ServiceRoute(CASE_FILE_ROUTES.routes.createCaseFile)
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
  @ServiceRoute(CASE_FILE_ROUTES.routes.getCaseFile)
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
   * Internal, not routed by the gateway (no route declaration in `@referral/contracts` names it, so it is
   * a 404 there): the referrals service calls it directly, with the caller's token, when a clinic submits
   * a referral: the case file exists and the caller may read it (else 404, as for `GET :id`), and the
   * patient's sex and age band for the de-identified queue. No name, CNIC, phone or clinical text.
   */
  @Get('v1/case-files/:id/summary')
  @Roles(...CASE_FILE_READERS)
  @ApiOkResponse({ type: CaseFileSummary })
  @ApiNotFoundResponse({ description: 'No such case file, or the caller may not read it' })
  summary(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<CaseFileSummary> {
    return this.reads.summary(caller, id);
  }

  @ServiceRoute(CASE_FILE_ROUTES.routes.updateCaseFile)
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

  @ServiceRoute(CASE_FILE_ROUTES.routes.caseFileAudit)
  audit(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: ListCaseFileAuditQuery,
  ): Promise<CaseFileAuditPage> {
    return this.reads.auditTrail(caller, id, query);
  }
}
