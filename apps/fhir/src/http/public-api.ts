import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { SERVICE_ENV } from '@referral/platform-http';
import { outgoingTraceparent } from '@referral/platform-observability';
import type { FhirEnv } from '../config';
import type { ServiceProblem } from '../mapping/operation-outcome';
import { FhirError } from './fhir-error';

/** Who asks, as the public API must see them: the caller's own token and the request's id. */
export interface Asker {
  authorization: string;
  requestId: string;
}

export const askerOf = (request: FastifyRequest): Asker => ({
  authorization: String(request.headers.authorization ?? ''),
  requestId: String(request.id),
});

export type Query = Record<string, string | number | boolean | undefined>;

/** How long the facade waits for the gateway before it answers 503 (a FHIR read is one or two calls). */
const TIMEOUT_MS = 30_000;

/**
 * The public REST API (through the gateway), called on the caller's behalf with the caller's own
 * token: the services decide who may, the gateway keeps the Idempotency-Keys and the rate limits, the
 * PHI audit names the caller. A refusal comes back as a `FhirError` carrying the service's problem.
 */
@Injectable()
export class PublicApi {
  private readonly base: string;

  constructor(@Inject(SERVICE_ENV) env: FhirEnv) {
    this.base = env.GATEWAY_URL;
  }

  get<T>(asker: Asker, path: string, query: Query = {}): Promise<T> {
    return this.json<T>(asker, 'GET', withQuery(path, query));
  }

  post<T>(asker: Asker, path: string, body: unknown, idempotencyKey?: string): Promise<T> {
    return this.json<T>(asker, 'POST', path, body, idempotencyKey);
  }

  patch<T>(asker: Asker, path: string, body: unknown): Promise<T> {
    return this.json<T>(asker, 'PATCH', path, body);
  }

  async delete(asker: Asker, path: string): Promise<void> {
    await this.json<unknown>(asker, 'DELETE', path);
  }

  /** The answer as it is (status, headers, streamed body), for downloads; refusals still throw. */
  async raw(asker: Asker, path: string, headers: Record<string, string>): Promise<Response> {
    const response = await this.send(asker, 'GET', path, undefined, undefined, headers, false);
    if (response.status >= 400) throw new FhirError(await problemOf(response));
    return response;
  }

  private async json<T>(
    asker: Asker,
    method: string,
    path: string,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<T> {
    const response = await this.send(asker, method, path, body, idempotencyKey);
    if (response.status >= 400) throw new FhirError(await problemOf(response));
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  private async send(
    asker: Asker,
    method: string,
    path: string,
    body: unknown,
    idempotencyKey: string | undefined,
    extraHeaders: Record<string, string> = {},
    timeout = true,
  ): Promise<Response> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'x-request-id': asker.requestId,
      ...extraHeaders,
    };
    if (asker.authorization) headers.authorization = asker.authorization;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const traceparent = outgoingTraceparent();
    if (traceparent) headers.traceparent = traceparent;
    try {
      return await fetch(new URL(path, this.base), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'manual',
        signal: timeout ? AbortSignal.timeout(TIMEOUT_MS) : undefined,
      });
    } catch {
      throw new FhirError({
        status: 503,
        detail: 'The API behind the FHIR facade did not answer; try again shortly.',
      });
    }
  }
}

/** The problem+json of a refusal, or what can be said of an answer that is not one. */
async function problemOf(response: Response): Promise<ServiceProblem> {
  const text = await response.text();
  try {
    const problem = JSON.parse(text) as ServiceProblem;
    return { ...problem, status: response.status };
  } catch {
    return { status: response.status, detail: `HTTP ${response.status}` };
  }
}

function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
