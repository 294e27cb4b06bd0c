import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '@referral/platform-auth';
import type { IdempotencyScope, IdempotentOutcome } from './idempotent-writes';
import { requestHash, validIdempotencyKey } from './request-hash';

/**
 * The request's `Idempotency-Key` as an IdempotencyScope (the caller's API client, the key, the
 * request's hash and path), or undefined without the header. A malformed key is 400, as at the gateway.
 * Whether the key is required is the gateway's rule (API.md); a service honours it when given.
 */
export const IdempotencyKey = createParamDecorator(
  (_: unknown, context: ExecutionContext): IdempotencyScope | undefined => {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: Caller }>();
    const value = request.headers['idempotency-key'];
    if (value === undefined) return undefined;
    const key = validIdempotencyKey(value);
    const caller = request.user;
    if (!caller) throw new Error('IdempotencyKey needs an authenticated route');
    const contentType = request.headers['content-type'];
    return {
      clientId: caller.clientId,
      key,
      requestHash: requestHash(request.method, request.url, request.body, contentType),
      path: request.url.split('?')[0],
    };
  },
);

/**
 * The outcome on the reply: a replay gets the stored status and headers and `Idempotent-Replayed:
 * true`; the body (stored or new) is returned for Nest to send (`@Res({ passthrough: true })`).
 */
export function answerWith<T>(reply: FastifyReply, outcome: IdempotentOutcome<T>): T {
  const { answer } = outcome;
  void reply.status(answer.status);
  for (const [name, value] of Object.entries(answer.headers)) void reply.header(name, value);
  if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
  return answer.body as T;
}
