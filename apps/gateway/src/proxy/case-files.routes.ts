import {
  Body,
  Controller,
  Delete,
  Get,
  Head,
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
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AttachmentResource,
  AttachmentUploadForm,
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
    description:
      'The referring organization, and a specialist while holding a referral on it (and for follow-up after it closed). `?version=N` gives an earlier version.',
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

  @Post('case-files/:id/attachments')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Attach a file to a case file',
    description:
      'Role `clinician` of the referring organization. Multipart `file` (and `description`): JPEG, PNG, PDF or DICOM, ' +
      'the type detected from the content (anything else 415), at most `ATTACHMENT_MAX_BYTES` (default 20 MiB; over it 413, nothing stored). ' +
      'On a connection that drops, use the resumable upload (`/v1/uploads`) instead.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: AttachmentUploadForm })
  @ApiIdempotencyKey({ required: false })
  @ApiCreatedResponse({
    type: AttachmentResource,
    headers: { Location: { description: 'Where to download it', schema: { type: 'string' } } },
  })
  @ApiProblems(
    { status: 400, description: 'Empty file or malformed multipart body' },
    404,
    { status: 413, description: 'Over the attachment limit: nothing stored' },
    { status: 415, description: 'Not JPEG, PNG, PDF or DICOM (by content), or not multipart' },
    422,
  )
  addAttachment(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('case-files', caller, request, reply);
  }

  @Get('case-files/:id/attachments/:attachmentId')
  @ApiOperation({
    summary: 'Download an attachment',
    description:
      'Whoever may read the case file. `ETag` is the SHA-256; `Range: bytes=start-end` gives 206 with `Content-Range` ' +
      '(416 beyond the end); `If-None-Match` gives 304. Every download is audited.',
  })
  @ApiHeader({ name: 'Range', required: false, description: 'One range, e.g. `bytes=1048576-`' })
  @ApiProduces('image/jpeg', 'image/png', 'application/pdf', 'application/dicom')
  @ApiOkResponse({
    description: 'The bytes',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiResponse({ status: 206, description: 'The range asked for, with `Content-Range`' })
  @ApiResponse({ status: 304, description: 'Unchanged since the `If-None-Match` ETag' })
  @ApiProblems(400, 404, { status: 416, description: 'The range starts beyond the end' })
  downloadAttachment(
    @CurrentCaller() _caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Param('attachmentId', new ParseUUIDPipe()) _attachmentId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.pipe('case-files', request, reply);
  }

  @Post('uploads')
  @ApiTags('uploads')
  @ApiOperation({
    summary: 'Start a resumable upload (tus 1.0)',
    description:
      'Role `clinician` of the referring organization. tus 1.0 creation: `Tus-Resumable: 1.0.0`, `Upload-Length` (at most the attachment limit), ' +
      '`Upload-Metadata: caseFileId <base64>[,description <base64>]`. Answers 201 with `Location: /v1/uploads/{uploadId}`. ' +
      'When the last byte arrives the upload becomes the attachment `{uploadId}` of the case file (type detected as for multipart; ' +
      'an unaccepted type is 415 and the upload is discarded). Unfinished uploads expire (`Upload-Expires`).',
  })
  @ApiHeader({ name: 'Tus-Resumable', required: true, description: '`1.0.0`' })
  @ApiHeader({ name: 'Upload-Length', required: true, description: 'The size of the file in bytes' })
  @ApiHeader({
    name: 'Upload-Metadata',
    required: true,
    description: '`caseFileId <base64>`, optionally `,description <base64>`',
  })
  @ApiResponse({ status: 201, description: 'Created: `Location` is the upload' })
  @ApiProblems(400, 404, { status: 412, description: 'Tus-Resumable missing' }, 413, 422)
  createUpload(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.forwarder.pipe('case-files', request, reply);
  }

  @Head('uploads/:uploadId')
  @ApiTags('uploads')
  @ApiOperation({
    summary: 'How much of an upload arrived',
    description: '`Upload-Offset`: send the rest from there. 404 unknown or not yours; 410 expired.',
  })
  @ApiHeader({ name: 'Tus-Resumable', required: true, description: '`1.0.0`' })
  @ApiResponse({ status: 200, description: '`Upload-Offset` and `Upload-Length`' })
  @ApiProblems(404, { status: 410, description: 'Expired' })
  uploadOffset(
    @Param('uploadId', new ParseUUIDPipe()) _uploadId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.pipe('case-files', request, reply);
  }

  @Patch('uploads/:uploadId')
  @ApiTags('uploads')
  @ApiOperation({
    summary: 'Send bytes of an upload',
    description:
      '`Content-Type: application/offset+octet-stream`, `Upload-Offset` equal to what `HEAD` answered (else 409). ' +
      'Bytes that arrived before a dropped connection are kept. More bytes than `Upload-Length`: 413, nothing of the request kept.',
  })
  @ApiHeader({ name: 'Tus-Resumable', required: true, description: '`1.0.0`' })
  @ApiHeader({ name: 'Upload-Offset', required: true, description: 'Where these bytes start' })
  @ApiNoContentResponse({
    description: '`Upload-Offset` is the new offset; on the last bytes, `Content-Location` is the attachment',
  })
  @ApiProblems(404, 409, { status: 410, description: 'Expired' }, 413, 415)
  uploadBytes(
    @Param('uploadId', new ParseUUIDPipe()) _uploadId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.pipe('case-files', request, reply);
  }

  @Delete('uploads/:uploadId')
  @ApiTags('uploads')
  @ApiOperation({
    summary: 'Abandon an upload',
    description: 'tus termination: the bytes received are deleted.',
  })
  @ApiHeader({ name: 'Tus-Resumable', required: true, description: '`1.0.0`' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(404)
  deleteUpload(
    @Param('uploadId', new ParseUUIDPipe()) _uploadId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.pipe('case-files', request, reply);
  }
}
