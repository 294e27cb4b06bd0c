import { request as httpRequest, type ClientRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import type { AddressPolicy } from './address-policy';
import {
  AddressRefusedError,
  bareHostname,
  reachableAddresses,
  systemResolver,
  type Resolver,
} from './outbound-address';

export interface OutgoingWebhook {
  url: string;
  /**
   * The endpoint's own headers (secrets: never logged) and the Standard Webhooks ones (`webhook-id`,
   * `webhook-timestamp`, `webhook-signature`).
   */
  headers: Record<string, string>;
  /** The exact bytes signed; empty: a POST without a body (Content-Length 0, no Content-Type). */
  body: string;
}

/** Why an attempt got no HTTP answer. `aborted`: this instance is shutting down (not the receiver's fault). */
export type SendError = 'timeout' | 'connection-failed' | 'address-refused' | 'aborted';

export type SendOutcome =
  | { kind: 'answered'; status: number; retryAfter?: string; durationMs: number }
  | { kind: 'failed'; error: SendError; detail: string; durationMs: number };

export interface SenderOptions {
  policy: AddressPolicy;
  timeoutMs: number;
  resolve?: Resolver;
}

const USER_AGENT = 'specialist-referral-webhooks/1.0';

class TimeoutError extends Error {
  override name = 'TimeoutError';
}
class AbortedError extends Error {
  override name = 'AbortedError';
}

/**
 * POSTs one webhook with node:http(s): the connection goes only to addresses the policy allows, checked
 * on the very resolution used to connect (the Host header and TLS SNI keep the URL's name); redirects
 * are never followed (a 3xx is an answer like any other); the whole exchange, connection included,
 * is bounded by the timeout. The answer's status is what counts; its body is drained and dropped.
 */
export class WebhookSender {
  private readonly resolve: Resolver;

  constructor(private readonly options: SenderOptions) {
    this.resolve = options.resolve ?? systemResolver;
  }

  send(webhook: OutgoingWebhook, signal?: AbortSignal): Promise<SendOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let url: URL;
    try {
      url = new URL(webhook.url);
    } catch {
      return Promise.resolve({
        kind: 'failed',
        error: 'connection-failed',
        detail: 'bad URL',
        durationMs: 0,
      });
    }
    const hostname = bareHostname(url.hostname);
    // Node connects to an IP literal without a lookup: check it here.
    const literalRefusal =
      isIP(hostname) && !this.options.policy.allowsHost(hostname)
        ? this.options.policy.refusal(hostname)
        : null;
    if (literalRefusal) {
      const detail = new AddressRefusedError(hostname, hostname, literalRefusal).message;
      return Promise.resolve({ kind: 'failed', error: 'address-refused', detail, durationMs: 0 });
    }
    const body = Buffer.from(webhook.body, 'utf8');
    const options: RequestOptions = {
      hostname,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      agent: false,
      headers: {
        ...webhook.headers,
        // An empty body has no type (FHIR R4 rest-hook without payload: nothing to describe).
        ...(body.length > 0 && { 'content-type': 'application/json' }),
        'content-length': String(body.length),
        'user-agent': USER_AGENT,
      },
      lookup: (host, lookupOptions, callback) => this.lookup(host, lookupOptions, callback),
    };

    return new Promise<SendOutcome>((resolve) => {
      let settled = false;
      const settle = (outcome: SendOutcome) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const fail = (error: unknown) => settle({ ...classify(error), durationMs: elapsed() });
      let request: ClientRequest;
      try {
        request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(options);
      } catch (error) {
        fail(error);
        return;
      }
      const timer = setTimeout(
        () => request.destroy(new TimeoutError('no answer in time')),
        this.options.timeoutMs,
      );
      const onAbort = () => request.destroy(new AbortedError('shutting down'));
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
      request.on('close', () => clearTimeout(timer));
      request.on('error', fail);
      request.on('response', (response) => {
        const retryAfter = response.headers['retry-after'];
        settle({ kind: 'answered', status: response.statusCode ?? 0, retryAfter, durationMs: elapsed() });
        // Drain what the receiver still sends (bounded by the timeout), then let the socket go.
        response.on('error', () => undefined);
        response.resume();
      });
      request.end(body);
    });
  }

  private lookup(
    hostname: string,
    options: LookupOptions,
    callback: (
      error: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ): void {
    reachableAddresses(hostname, this.options.policy, this.resolve).then(
      (addresses) => {
        const wanted = options.family ? addresses.filter((a) => a.family === options.family) : addresses;
        const usable = wanted.length ? wanted : addresses;
        if (options.all)
          callback(
            null,
            usable.map(({ address, family }) => ({ address, family })),
          );
        else callback(null, usable[0].address, usable[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  }
}

function classify(error: unknown): { kind: 'failed'; error: SendError; detail: string } {
  const err = error as NodeJS.ErrnoException;
  if (err instanceof TimeoutError) return { kind: 'failed', error: 'timeout', detail: err.message };
  if (err instanceof AbortedError) return { kind: 'failed', error: 'aborted', detail: err.message };
  if (err instanceof AddressRefusedError)
    return { kind: 'failed', error: 'address-refused', detail: err.message };
  return { kind: 'failed', error: 'connection-failed', detail: err.code ?? err.message ?? 'unknown' };
}
