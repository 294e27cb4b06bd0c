import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Caller } from '@referral/platform-auth';
import { Keyring } from '@referral/platform-config';
import { LOGGER, ProblemException, SERVICE_ENV } from '@referral/platform-http';
import type { GatewayEnv } from '../config';
import type { StoredResponseHeaders } from './idempotency-record.entity';
import { IdempotencyRepository, type IdempotencyClaim } from './idempotency.repository';
import { IDEMPOTENCY_KEY, idempotencyKeyRequired, requestHash } from './request-hash';

/** An answer as the proxy gives it: status, response headers (lower-case names), body. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface IdempotentRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

const headerOf = (request: IdempotentRequest, name: string) => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/** The headers a replay gives back. */
const STORED_HEADERS = ['content-type', 'location', 'etag'] as const;
/** An in-flight record this old is a crashed or stuck instance's: another request may take it over. */
export const ABANDONED_AFTER_MS = 2 * 60_000;
const PURGE_INTERVAL_MS = 5 * 60_000;

/** The keyring of the stored answers (`IDEMPOTENCY_ENCRYPTION_KEY`); a token so tests can put in their own. */
export const IDEMPOTENCY_KEYRING = Symbol('IDEMPOTENCY_KEYRING');

export const idempotencyKeyringProvider = {
  provide: IDEMPOTENCY_KEYRING,
  inject: [SERVICE_ENV],
  useFactory: (env: GatewayEnv) => new Keyring(env.IDEMPOTENCY_ENCRYPTION_KEY),
};

/** What a stored body is bound to: the record's identity, so a body copied to another record does not open. */
const sealContext = (clientId: string, key: string) => `idempotency\u0000${clientId}\u0000${key}`;
const PURGE_BATCH = 1000;

/**
 * `Idempotency-Key` on proxied POSTs (API.md): the first answer per API client and key is stored in
 * the gateway database and replayed for the same request; another request under the same key is 422,
 * the same request while the first is still running is 409. Failures without an answer (network
 * error, 5xx) are forgotten so the client can retry; 4xx answers are answers and stay.
 *
 * Stored bodies hold patient data (and a webhook registration's signing secret), so they are sealed
 * with AES-256-GCM under `IDEMPOTENCY_ENCRYPTION_KEY`, the key id on the row: a rotated-out key stays
 * readable while it is listed. A completed record without a key id (stored in the clear by a gateway
 * before this) counts as expired.
 */
@Injectable()
export class IdempotencyService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly ttlMs: number;
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    private readonly records: IdempotencyRepository,
    @Inject(SERVICE_ENV) env: GatewayEnv,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(IDEMPOTENCY_KEYRING) private readonly keyring: Keyring,
  ) {
    this.ttlMs = env.IDEMPOTENCY_TTL_HOURS * 3_600_000;
  }

  onApplicationBootstrap(): void {
    this.purgeTimer = setInterval(() => void this.purge(), PURGE_INTERVAL_MS);
    this.purgeTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
  }

  /** Deletes a batch of expired records; errors are logged, the next round tries again. */
  async purge(): Promise<number> {
    try {
      const deleted = await this.records.purgeExpired(PURGE_BATCH);
      if (deleted > 0) this.logger.debug({ deleted }, 'expired idempotency records purged');
      return deleted;
    } catch (error) {
      this.logger.warn({ err: error }, 'idempotency purge failed');
      return 0;
    }
  }

  /**
   * Runs `call` at most once per client and key. Without a key (allowed except on the creating
   * POSTs) the call simply runs. `replayed` tells that the answer is the stored one.
   */
  async execute(
    caller: Caller,
    request: IdempotentRequest,
    call: () => Promise<HttpAnswer>,
  ): Promise<{ answer: HttpAnswer; replayed: boolean }> {
    const key = this.keyOf(request);
    if (key === undefined) return { answer: await call(), replayed: false };

    const method = request.method.toUpperCase();
    const claim: IdempotencyClaim = {
      clientId: caller.clientId,
      key,
      method,
      path: request.url,
      requestHash: requestHash(method, request.url, request.body, headerOf(request, 'content-type')),
      claimedAt: new Date(),
      expiresAt: new Date(Date.now() + this.ttlMs),
    };
    const replay = await this.claimOrReplay(claim);
    if (replay) return { answer: replay, replayed: true };

    let answer: HttpAnswer;
    try {
      answer = await call();
    } catch (error) {
      await this.releaseQuietly(claim);
      throw error;
    }
    if (answer.status >= 500) {
      await this.releaseQuietly(claim);
      return { answer, replayed: false };
    }
    const headers: StoredResponseHeaders = {};
    for (const name of STORED_HEADERS) {
      if (answer.headers[name] !== undefined) headers[name] = answer.headers[name];
    }
    const sealed = this.keyring.seal(answer.body, sealContext(claim.clientId, key));
    const stored = await this.records.complete(claim.clientId, key, claim.claimedAt, {
      status: answer.status,
      headers,
      body: sealed.data,
      keyId: sealed.keyId,
    });
    if (!stored) {
      this.logger.warn({ clientId: claim.clientId }, 'idempotency claim was taken over before its answer');
    }
    return { answer, replayed: false };
  }

  private keyOf(request: IdempotentRequest): string | undefined {
    const value = request.headers['idempotency-key'];
    if (value === undefined) {
      if (idempotencyKeyRequired(request.method, request.url)) {
        throw new ProblemException({
          status: 400,
          code: 'idempotency-key-required',
          detail: 'This request needs an Idempotency-Key header.',
        });
      }
      return undefined;
    }
    if (typeof value !== 'string' || !IDEMPOTENCY_KEY.test(value)) {
      throw new ProblemException({
        status: 400,
        code: 'idempotency-key-invalid',
        detail: 'Idempotency-Key must be one header of 1 to 255 printable ASCII characters.',
      });
    }
    return value;
  }

  /** Claims the key for this request, or returns the stored answer to replay, or throws 409/422. */
  private async claimOrReplay(claim: IdempotencyClaim): Promise<HttpAnswer | null> {
    // A few rounds: the record seen may expire, be released or be taken over meanwhile.
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await this.records.claim(claim)) return null;
      const existing = await this.records.find(claim.clientId, claim.key);
      if (!existing) continue;
      const now = new Date();
      if (existing.expiresAt <= now) {
        await this.records.deleteIfExpired(claim.clientId, claim.key, now);
        continue;
      }
      if (existing.requestHash !== claim.requestHash) {
        throw new ProblemException({
          status: 422,
          code: 'idempotency-key-reused',
          detail: 'This Idempotency-Key was used for another request.',
        });
      }
      if (existing.status === 'completed') {
        if (existing.responseKeyId === null) {
          await this.records.deleteUnsealed(claim.clientId, claim.key, existing.createdAt);
          continue;
        }
        return {
          status: existing.responseStatus ?? 200,
          headers: { ...(existing.responseHeaders ?? {}) },
          // Throws (500) when the key is no longer listed or the row was altered: never run twice.
          body: this.keyring.open(
            { keyId: existing.responseKeyId, data: existing.responseBody ?? Buffer.alloc(0) },
            sealContext(claim.clientId, claim.key),
          ),
        };
      }
      if (now.getTime() - existing.createdAt.getTime() > ABANDONED_AFTER_MS) {
        if (await this.records.takeOver(claim.clientId, claim.key, existing.createdAt, claim.claimedAt)) {
          this.logger.warn({ clientId: claim.clientId }, 'abandoned idempotency claim taken over');
          return null;
        }
        continue;
      }
      throw new ProblemException({
        status: 409,
        code: 'idempotency-key-in-flight',
        detail: 'A request with this Idempotency-Key is still being processed; try again shortly.',
      });
    }
    throw new ProblemException({
      status: 409,
      code: 'idempotency-key-in-flight',
      detail: 'A request with this Idempotency-Key is changing right now; try again shortly.',
    });
  }

  private async releaseQuietly(claim: IdempotencyClaim): Promise<void> {
    try {
      await this.records.release(claim.clientId, claim.key, claim.claimedAt);
    } catch (error) {
      // The record then stays in flight and is taken over once abandoned.
      this.logger.warn({ err: error }, 'idempotency claim release failed');
    }
  }
}
