import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ProblemException, SERVICE_ENV } from '@referral/platform-http';
import { currentTraceparent } from '@referral/platform-observability';
import type { GatewayEnv } from '../config';

export type Upstream = 'referrals' | 'directory' | 'case-files' | 'notifications';

/** A service's answer: status, the forwarded response headers (lower-case names), body. */
export interface UpstreamAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Request headers a service needs from the caller; everything else stays at the gateway. */
const FORWARDED_REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'accept-language',
  'idempotency-key',
  'if-match',
  'if-none-match',
  'range',
];
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'etag',
  'location',
  'retry-after',
  'content-range',
  'accept-ranges',
];

/**
 * Internal HTTP to the services, for requests that need an answer now. The caller's token travels
 * on, so each service decides for itself (defence in depth); the request id and trace continue.
 */
@Injectable()
export class UpstreamClient {
  private readonly baseUrls: Record<Upstream, string>;

  constructor(@Inject(SERVICE_ENV) env: GatewayEnv) {
    this.baseUrls = {
      referrals: env.REFERRALS_URL,
      directory: env.DIRECTORY_URL,
      'case-files': env.CASE_FILES_URL,
      notifications: env.NOTIFICATIONS_URL,
    };
  }

  /** Sends the request on to the service and returns its answer; 503 when the service does not answer. */
  async send(upstream: Upstream, request: FastifyRequest): Promise<UpstreamAnswer> {
    const target = new URL(request.url, this.baseUrls[upstream]);
    const headers = new Headers();
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers.set(name, value);
    }
    headers.set('x-request-id', String(request.id));
    const traceparent = currentTraceparent();
    if (traceparent) headers.set('traceparent', traceparent);
    const hasBody = request.body !== undefined && !['GET', 'HEAD'].includes(request.method);
    try {
      const response = await fetch(target, {
        method: request.method,
        headers,
        body: hasBody ? JSON.stringify(request.body) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
      const answerHeaders: Record<string, string> = {};
      for (const name of FORWARDED_RESPONSE_HEADERS) {
        const value = response.headers.get(name);
        if (value) answerHeaders[name] = value;
      }
      return {
        status: response.status,
        headers: answerHeaders,
        body: Buffer.from(await response.arrayBuffer()),
      };
    } catch (error) {
      throw new ProblemException({
        status: 503,
        code: 'upstream-unavailable',
        detail: `The ${upstream} service did not answer; try again shortly.`,
        extensions: { cause: (error as Error).name },
      });
    }
  }
}
