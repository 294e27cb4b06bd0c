import { Controller, Headers, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AttachmentPage,
  AttachmentResource,
  CASE_FILE_ROUTES,
  ListAttachmentsQuery,
} from '@referral/contracts';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { ProblemException, SERVICE_ENV, ServiceRoute } from '@referral/platform-http';
import { Inject } from '@nestjs/common';
import type { CaseFilesEnv } from '../config';
import { AddAttachmentCommand } from './add-attachment.command';
import { AttachmentReads, attachmentEtag } from './attachment-reads.service';
import { toAttachmentResource } from './attachment-resource';
import { extensionOf, SNIFF_BYTES } from './content-probe';
import { readMultipartFile } from './multipart-file';
import { attachmentPath } from './tus-uploads';

@ApiTags('case-files')
@Controller()
export class AttachmentsController {
  constructor(
    private readonly add: AddAttachmentCommand,
    private readonly reads: AttachmentReads,
    @Inject(SERVICE_ENV) private readonly env: CaseFilesEnv,
  ) {}

  @ServiceRoute(CASE_FILE_ROUTES.routes.addAttachment)
  async post(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) caseFileId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AttachmentResource> {
    await this.add.assertMayAttach(caller, caseFileId);
    const file = await readMultipartFile(request, this.env.ATTACHMENT_MAX_BYTES);
    const attachment = await this.add.execute(caller, {
      id: randomUUID(),
      caseFileId,
      head: file.content.subarray(0, SNIFF_BYTES),
      content: file.content,
      description: file.description,
    });
    void reply.header('location', attachmentPath(caseFileId, attachment.id));
    return toAttachmentResource(attachment);
  }

  /** The attachments' metadata, oldest first, for whoever may download them. */
  @ServiceRoute(CASE_FILE_ROUTES.routes.listAttachments)
  list(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) caseFileId: string,
    @Query() query: ListAttachmentsQuery,
  ): Promise<AttachmentPage> {
    return this.reads.list(caller, caseFileId, query);
  }

  /** The bytes, whole or one range, for whoever may read the case file. */
  @ServiceRoute(CASE_FILE_ROUTES.routes.downloadAttachment)
  async download(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) caseFileId: string,
    @Param('attachmentId', new ParseUUIDPipe()) attachmentId: string,
    @Headers('range') range: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Headers('if-range') ifRange: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    void reply.header('accept-ranges', 'bytes');
    const download = await this.reads
      .open(caller, caseFileId, attachmentId, { range, ifNoneMatch, ifRange })
      .catch((error: unknown) => {
        if (error instanceof ProblemException && error.getStatus() === 416) {
          void reply.header('content-range', `bytes */${String(error.problem.extensions?.size)}`);
        }
        throw error;
      });
    const { attachment } = download;
    void reply
      .header('etag', attachmentEtag(attachment))
      // Health data: kept by no shared cache, revalidated by the client's own.
      .header('cache-control', 'private, no-cache')
      .header(
        'content-disposition',
        `attachment; filename="${attachment.id}.${extensionOf(attachment.contentType)}"`,
      );
    if (download.kind === 'not-modified') return reply.status(304).send();
    void reply.header('content-type', attachment.contentType);
    if (download.kind === 'partial') {
      const { start, end } = download.range;
      void reply
        .status(206)
        .header('content-range', `bytes ${start}-${end}/${attachment.size}`)
        .header('content-length', end - start + 1);
    } else {
      void reply.status(200).header('content-length', attachment.size);
    }
    return reply.send(download.body);
  }
}
