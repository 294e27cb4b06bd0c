import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '@referral/platform-auth';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { UpstreamClient, type Upstream, type UpstreamAnswer } from './upstream-client';

/**
 * Hands a public request to the service that owns it and its answer back to the caller; POSTs go
 * through the idempotency store (replays are marked `Idempotent-Replayed: true`).
 */
@Injectable()
export class Forwarder {
  constructor(
    private readonly upstream: UpstreamClient,
    private readonly idempotency: IdempotencyService,
  ) {}

  async forward(upstream: Upstream, caller: Caller, request: FastifyRequest, reply: FastifyReply) {
    const send = () => this.upstream.send(upstream, request);
    if (request.method !== 'POST') return this.reply(reply, await send(), false);
    const { answer, replayed } = await this.idempotency.execute(caller, request, send);
    return this.reply(reply, answer, replayed);
  }

  /** Streams both ways, without idempotency: downloads and tus uploads (which resume instead). */
  pipe(upstream: Upstream, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    return this.upstream.pipe(upstream, request, reply);
  }

  private async reply(reply: FastifyReply, answer: UpstreamAnswer, replayed: boolean): Promise<void> {
    void reply.status(answer.status);
    for (const [name, value] of Object.entries(answer.headers)) void reply.header(name, value);
    if (replayed) void reply.header('Idempotent-Replayed', 'true');
    await reply.send(answer.body);
  }
}
