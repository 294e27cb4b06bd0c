import { Inject, Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemException, SERVICE_ENV } from '@referral/platform-http';
import { outgoingTraceparent } from '@referral/platform-observability';
import type { Upstream as ServiceUpstream } from '@referral/contracts';
import type { GatewayEnv } from '../config';

/** A service behind the gateway: the owners of the public routes, and the FHIR facade (`/fhir/R4`). */
export type Upstream = ServiceUpstream | 'fhir';

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
  'if-range',
  'range',
  // FHIR: conditional create, and how a client wants its answer
  'if-none-exist',
  'prefer',
  // tus 1.0 (resumable uploads)
  'tus-resumable',
  'upload-length',
  'upload-offset',
  'upload-metadata',
  'upload-defer-length',
  'upload-concat',
];
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'etag',
  'location',
  'retry-after',
  'content-range',
  'accept-ranges',
  'content-length',
  'content-disposition',
  'content-location',
  'cache-control',
  'last-modified',
  'www-authenticate',
  // an answer replayed by a service that keeps its Idempotency-Keys itself
  'idempotent-replayed',
  // tus 1.0
  'tus-resumable',
  'tus-version',
  'tus-extension',
  'tus-max-size',
  'upload-offset',
  'upload-length',
  'upload-expires',
  'upload-metadata',
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
      fhir: env.FHIR_URL,
    };
  }

  /** Sends the request on to the service and returns its answer; 503 when the service does not answer. */
  async send(upstream: Upstream, request: FastifyRequest): Promise<UpstreamAnswer> {
    const hasBody = request.body !== undefined && !['GET', 'HEAD'].includes(request.method);
    const body = Buffer.isBuffer(request.body) ? request.body : JSON.stringify(request.body);
    const response = await this.fetch(upstream, request, hasBody ? body : undefined, 30_000);
    return {
      status: response.status,
      headers: answerHeaders(response),
      body: Buffer.from(await response.arrayBuffer()),
    };
  }

  /**
   * Streams the request body to the service and its answer back to the caller, holding neither in
   * memory: downloads and tus uploads. A caller who hangs up mid-upload ends the service's request
   * too, and the service keeps what arrived.
   */
  async pipe(upstream: Upstream, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const hasBody = !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(request.method);
    // An upload over a slow link may take long; a download too: no overall deadline, only the idle
    // timeouts of the connections themselves.
    const response = await this.fetch(upstream, request, hasBody ? request.raw : undefined);
    void reply.status(response.status);
    for (const [name, value] of Object.entries(answerHeaders(response))) void reply.header(name, value);
    if (!response.body || request.method === 'HEAD') return reply.send();
    return reply.send(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream));
  }

  private async fetch(
    upstream: Upstream,
    request: FastifyRequest,
    body: string | Buffer | Readable | undefined,
    timeoutMs?: number,
  ): Promise<Response> {
    const target = new URL(request.url, this.baseUrls[upstream]);
    const headers = new Headers();
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers.set(name, value);
    }
    headers.set('x-request-id', String(request.id));
    const traceparent = outgoingTraceparent();
    if (traceparent) headers.set('traceparent', traceparent);
    try {
      return await fetch(target, {
        method: request.method,
        headers,
        body: body instanceof Readable ? (Readable.toWeb(body) as ReadableStream) : body,
        ...(body instanceof Readable && { duplex: 'half' }),
        signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined,
        redirect: 'manual',
      } as RequestInit);
    } catch (error) {
      throw ProblemException.of('upstream-unavailable', {
        detail: `The ${upstream} service did not answer; try again shortly.`,
        extensions: { cause: (error as Error).name },
      });
    }
  }
}

function answerHeaders(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = response.headers.get(name);
    if (value) headers[name] = value;
  }
  return headers;
}
