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
