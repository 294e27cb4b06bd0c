import { All, Controller, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentCaller, Roles, type Caller } from '@referral/platform-auth';
import { TusUploads } from './tus-uploads';

/**
 * The tus endpoints, handed to `@tus/server` once the token and role are checked. The reply leaves
 * Fastify (hijacked), carrying the headers already set for it (request id, security headers).
 */
@ApiExcludeController()
@Controller('v1/uploads')
export class UploadsController {
  constructor(private readonly tus: TusUploads) {}

  @All(['', ':uploadId'])
  @Roles('clinician')
  async handle(@CurrentCaller() caller: Caller, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    reply.hijack();
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) reply.raw.setHeader(name, value);
    }
    await this.tus.handle(caller, request.raw, reply.raw);
  }
}
