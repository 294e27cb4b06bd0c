import { All, Controller, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard';
import { UpstreamClient, type Upstream, type UpstreamAnswer } from './upstream-client';

/** The public paths and the service that owns each; rate-limited per API client, POSTs idempotent. */
@Controller('v1')
@UseGuards(RateLimitGuard)
export class RoutesController {
  constructor(
    private readonly upstream: UpstreamClient,
    private readonly idempotency: IdempotencyService,
  ) {}

  @All(['referrals', 'referrals/*', 'queue'])
  @ApiExcludeEndpoint()
  referrals(@CurrentCaller() caller: Caller, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.proxy('referrals', caller, request, reply);
  }

  @All([
    'notifications',
    'notifications/*',
    'webhook-endpoints',
    'webhook-endpoints/*',
    'webhook-deliveries/*',
  ])
  @ApiExcludeEndpoint()
  notifications(@CurrentCaller() caller: Caller, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.proxy('notifications', caller, request, reply);
  }

  private async proxy(upstream: Upstream, caller: Caller, request: FastifyRequest, reply: FastifyReply) {
    const send = () => this.upstream.send(upstream, request);
    if (request.method !== 'POST') return this.reply(reply, await send(), false);
    const { answer, replayed } = await this.idempotency.execute(caller, request, send);
    return this.reply(reply, answer, replayed);
  }

  private async reply(reply: FastifyReply, answer: UpstreamAnswer, replayed: boolean): Promise<void> {
    void reply.status(answer.status);
    for (const [name, value] of Object.entries(answer.headers)) void reply.header(name, value);
    if (replayed) void reply.header('Idempotent-Replayed', 'true');
    await reply.send(answer.body);
  }
}
