import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Caller } from '@referral/platform-auth';
import { Keyring } from '@referral/platform-config';
import { Clock, PeriodicTask } from '@referral/platform-database';
import { LOGGER, ProblemException, SERVICE_ENV } from '@referral/platform-http';
import type { GatewayEnv } from '../config';
import type { StoredResponseHeaders } from './idempotency-record.entity';
import { IdempotencyRepository, type IdempotencyClaim } from './idempotency.repository';
import {
  idempotencyKeyInFlight,
  idempotencyKeyRequired,
  idempotencyKeyReused,
  isPostTo,
  requestHash,
  validIdempotencyKey,
} from '@referral/platform-idempotency';

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

/**
 * The POSTs whose `Idempotency-Key` the owning service keeps itself, in the transaction of the change
 * (platform-idempotency's IdempotentWrites): the gateway checks the header and forwards it, nothing more.
 */
const KEPT_BY_SERVICE = new Set(['/v1/referrals']);

export function keptByService(method: string, url: string): boolean {
  return isPostTo(KEPT_BY_SERVICE, method, url);
}

/** What a stored body is bound to: the record's identity, so a body copied to another record does not open. */
const sealContext = (clientId: string, key: string) => `idempotency\u0000${clientId}\u0000${key}`;
const PURGE_BATCH = 1000;

/**
 * `Idempotency-Key` on proxied POSTs (API.md): the header is checked here (required where API.md
 * requires it, well-formed); routes in KEPT_BY_SERVICE keep their answers in the owning service's
 * transaction. For the others, the first answer per API client and key is stored in
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
  /** Every five minutes, a batch of expired records goes. */
  private readonly purgeTask = new PeriodicTask(
    async () => (await this.purge(), false),
    (error) => this.logger.warn({ err: error }, 'idempotency purge failed'),
  );
  /**
   * Whether this database still holds unexpired records of routes now kept by their service (stored by
   * a gateway before the change): while it does, such a request first looks for its record here, so a
   * retry across the upgrade is still answered once. Checked at start and on every purge round; once
   * false it stays false (no such record is written any more).
   */
  private legacyKeptRecords = true;
  /** Requests with a key this instance is forwarding to a service that keeps its keys: their hashes. */
  private readonly forwarding = new Map<string, string>();

  constructor(
    private readonly records: IdempotencyRepository,
    @Inject(SERVICE_ENV) env: GatewayEnv,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(IDEMPOTENCY_KEYRING) private readonly keyring: Keyring,
    private readonly clock: Clock,
  ) {
    this.ttlMs = env.IDEMPOTENCY_TTL_HOURS * 3_600_000;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.checkLegacyKeptRecords();
    this.purgeTask.start(PURGE_INTERVAL_MS);
  }

  private async checkLegacyKeptRecords(): Promise<void> {
    if (!this.legacyKeptRecords) return;
    try {
      this.legacyKeptRecords = await this.records.anyUnexpired(
        'POST',
        [...KEPT_BY_SERVICE],
        this.clock.now(),
      );
    } catch (error) {
      this.logger.warn(
        { err: error },
        'idempotency: looking for records of routes kept by their service failed',
      );
    }
  }

  onApplicationShutdown(): Promise<void> {
    return this.purgeTask.stop();
  }

  /** Deletes a batch of expired records; errors are logged, the next round tries again. */
  async purge(): Promise<number> {
    await this.checkLegacyKeptRecords();
    try {
      const deleted = await this.records.purgeExpired(PURGE_BATCH, this.clock.now());
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
    if (keptByService(method, request.url)) return this.forwardKept(caller, key, request, call);
    const now = this.clock.now();
    const claim: IdempotencyClaim = {
      clientId: caller.clientId,
      key,
      method,
      path: request.url,
      requestHash: requestHash(method, request.url, request.body, headerOf(request, 'content-type')),
      claimedAt: now,
      expiresAt: new Date(now.getTime() + this.ttlMs),
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

  /**
   * A route whose service keeps its keys: forwarded with the key. While this instance forwards a
   * request with a key, another with that key is 409 here at once (422 when it is another request), as
   * the service would answer were it not slow or paused; across instances the service's lock decides.
   */
  private async forwardKept(
    caller: Caller,
    key: string,
    request: IdempotentRequest,
    call: () => Promise<HttpAnswer>,
  ): Promise<{ answer: HttpAnswer; replayed: boolean }> {
    const hash = requestHash(request.method, request.url, request.body, headerOf(request, 'content-type'));
    const id = `${caller.clientId}\u0000${key}`;
    const running = this.forwarding.get(id);
    if (running !== undefined) throw running === hash ? idempotencyKeyInFlight() : idempotencyKeyReused();
    this.forwarding.set(id, hash);
    try {
      const legacy = this.legacyKeptRecords ? await this.legacyAnswer(caller, key, hash) : null;
      return legacy ? { answer: legacy, replayed: true } : { answer: await call(), replayed: false };
    } finally {
      this.forwarding.delete(id);
    }
  }

  /** A record stored here before the route's service kept its keys: its answer, 422 or 409; else null. */
  private async legacyAnswer(caller: Caller, key: string, hash: string): Promise<HttpAnswer | null> {
    const existing = await this.records.find(caller.clientId, key);
    if (!existing || existing.expiresAt <= this.clock.now()) return null;
    if (existing.requestHash !== hash) throw idempotencyKeyReused();
    if (existing.status !== 'completed' || existing.responseKeyId === null) throw idempotencyKeyInFlight();
    return {
      status: existing.responseStatus ?? 200,
      headers: { ...(existing.responseHeaders ?? {}) },
      body: this.keyring.open(
        { keyId: existing.responseKeyId, data: existing.responseBody ?? Buffer.alloc(0) },
        sealContext(caller.clientId, key),
      ),
    };
  }

  private keyOf(request: IdempotentRequest): string | undefined {
    const value = request.headers['idempotency-key'];
    if (value === undefined) {
      if (idempotencyKeyRequired(request.method, request.url)) {
        throw ProblemException.of('idempotency-key-required', {
          detail: 'This request needs an Idempotency-Key header.',
        });
      }
      return undefined;
    }
    return validIdempotencyKey(value);
  }

  /** Claims the key for this request, or returns the stored answer to replay, or throws 409/422. */
  private async claimOrReplay(claim: IdempotencyClaim): Promise<HttpAnswer | null> {
    // A few rounds: the record seen may expire, be released or be taken over meanwhile.
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await this.records.claim(claim)) return null;
      const existing = await this.records.find(claim.clientId, claim.key);
      if (!existing) continue;
      const now = this.clock.now();
      if (existing.expiresAt <= now) {
        await this.records.deleteIfExpired(claim.clientId, claim.key, now);
        continue;
      }
      if (existing.requestHash !== claim.requestHash) throw idempotencyKeyReused();
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
      throw idempotencyKeyInFlight();
    }
    throw ProblemException.of('idempotency-key-in-flight', {
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
