import { All, Controller, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@referral/platform-auth';
import { UpstreamClient } from './upstream-client';

/**
 * Everything under `/fhir/R4` goes to the FHIR facade, which answers in FHIR (errors as
 * OperationOutcome, 401 included: it checks the token itself) and calls the public API back with the
 * caller's token, where rate limits, idempotency and authorization apply. Reads stream (a Binary may
 * be large); writes are small FHIR JSON, read whole. Documented by the facade's CapabilityStatement,
 * not in the OpenAPI document.
 */
@ApiExcludeController()
@Public()
@Controller('fhir/R4')
export class FhirForwardingController {
  constructor(private readonly upstream: UpstreamClient) {}

  @All(['', '*'])
  async forward(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (request.method === 'GET' || request.method === 'HEAD')
      return this.upstream.pipe('fhir', request, reply);
    const answer = await this.upstream.send('fhir', request);
    void reply.status(answer.status);
    for (const [name, value] of Object.entries(answer.headers)) void reply.header(name, value);
    await reply.send(answer.body);
  }
}
