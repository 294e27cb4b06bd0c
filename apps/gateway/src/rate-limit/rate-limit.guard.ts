import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '@referral/platform-auth';
import { ProblemException, SERVICE_ENV } from '@referral/platform-http';
import type { GatewayEnv } from '../config';
import { RateLimiter } from './rate-limiter';

/** The limiter of this instance; a token so tests can put in one with a clock of their own. */
export const RATE_LIMITER = Symbol('RATE_LIMITER');

export const rateLimiterProvider = {
  provide: RATE_LIMITER,
  inject: [SERVICE_ENV],
  useFactory: (env: GatewayEnv) => new RateLimiter(env.RATE_LIMIT_PER_MINUTE),
};

/**
 * `RATE_LIMIT_PER_MINUTE` requests per rolling minute per API client (`caller.clientId`), counted in
 * this instance's memory. Runs after the global JWT guard; every answer carries `RateLimit-Limit` and
 * `RateLimit-Remaining`, a refusal is a 429 `rate-limited` problem with `Retry-After`.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(@Inject(RATE_LIMITER) private readonly limiter: RateLimiter) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const caller = http.getRequest<FastifyRequest & { user?: Caller }>().user;
    if (!caller) return true; // a public route: nothing to count by
    const reply = http.getResponse<FastifyReply>();
    const decision = this.limiter.take(caller.clientId);
    void reply.header('RateLimit-Limit', String(decision.limit));
    void reply.header('RateLimit-Remaining', String(decision.remaining));
    if (decision.allowed) return true;
    void reply.header('Retry-After', String(decision.retryAfterSeconds));
    throw new ProblemException({
      status: 429,
      code: 'rate-limited',
      detail: `More than ${decision.limit} requests in a minute; try again in ${decision.retryAfterSeconds} s.`,
      extensions: { retryAfterSeconds: decision.retryAfterSeconds },
    });
  }
}
