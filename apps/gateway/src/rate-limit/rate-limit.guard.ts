import {
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { Caller } from '@referral/platform-auth';
import { PeriodicTask } from '@referral/platform-database';
import { LOGGER, ProblemException, SERVICE_ENV } from '@referral/platform-http';
import { metricsRegistry } from '@referral/platform-observability';
import { Histogram } from 'prom-client';
import type { GatewayEnv } from '../config';
import { SharedRateLimiter } from './shared-rate-limiter';

/** The limiter; a token so tests can put in their own. */
export const RATE_LIMITER = Symbol('RATE_LIMITER');

export const rateLimiterProvider = {
  provide: RATE_LIMITER,
  inject: [SERVICE_ENV, DataSource, LOGGER],
  useFactory: (env: GatewayEnv, dataSource: DataSource, logger: Logger) =>
    new SharedRateLimiter(env.RATE_LIMIT_PER_MINUTE, dataSource, logger),
};

const PURGE_INTERVAL_MS = 60_000;

/** What the shared count costs each request (bench:submit prints its mean from /metrics). */
export const rateLimitCheckDuration = new Histogram({
  name: 'gateway_rate_limit_check_seconds',
  help: 'Time one request spends in the shared rate limit check (one PostgreSQL statement)',
  buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
  registers: [metricsRegistry],
});

/** Every minute, each instance deletes the counter rows no estimate reads any more. */
@Injectable()
export class RateLimitPurge implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task = new PeriodicTask(
    async () => (await this.purge(), false),
    (error) => this.logger.warn({ err: error }, 'rate limit window purge failed'),
  );

  constructor(
    @Inject(RATE_LIMITER) private readonly limiter: SharedRateLimiter,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(PURGE_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  async purge(): Promise<number> {
    try {
      return await this.limiter.purge();
    } catch (error) {
      this.logger.warn({ err: error }, 'rate limit window purge failed');
      return 0;
    }
  }
}

/**
 * `RATE_LIMIT_PER_MINUTE` requests per rolling minute per API client (`caller.clientId`), counted
 * across every gateway instance in PostgreSQL (`SharedRateLimiter`). Runs after the global JWT guard;
 * every answer carries `RateLimit-Limit` and `RateLimit-Remaining`, a refusal is a 429 `rate-limited`
 * problem with `Retry-After`.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(@Inject(RATE_LIMITER) private readonly limiter: SharedRateLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const caller = http.getRequest<FastifyRequest & { user?: Caller }>().user;
    if (!caller) return true; // a public route: nothing to count by
    const reply = http.getResponse<FastifyReply>();
    const stopTimer = rateLimitCheckDuration.startTimer();
    const decision = await this.limiter.take(caller.clientId).finally(stopTimer);
    void reply.header('RateLimit-Limit', String(decision.limit));
    void reply.header('RateLimit-Remaining', String(decision.remaining));
    if (decision.allowed) return true;
    void reply.header('Retry-After', String(decision.retryAfterSeconds));
    throw ProblemException.of('rate-limited', {
      detail: `More than ${decision.limit} requests in a minute; try again in ${decision.retryAfterSeconds} s.`,
      extensions: { retryAfterSeconds: decision.retryAfterSeconds },
    });
  }
}
