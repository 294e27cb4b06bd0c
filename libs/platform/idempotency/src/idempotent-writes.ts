import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { Keyring } from '@referral/platform-config';
import { Clock, preparedQuery, RetentionPurge } from '@referral/platform-database';
import { problemOf, ProblemException } from '@referral/platform-http';

/** One request's `Idempotency-Key`, scoped to its API client, and what the request was. */
export interface IdempotencyScope {
  clientId: string;
  key: string;
  /** requestHash() of method, path and body: the same key with another request is 422. */
  requestHash: string;
  /** The request's path (a stored problem's `instance`). */
  path: string;
}

/** An answer as it is stored and replayed: status, the headers a replay gives back, the JSON body. */
export interface IdempotentAnswer<T = unknown> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

export type IdempotentOutcome<T> =
  { replayed: false; answer: IdempotentAnswer<T> } | { replayed: true; answer: IdempotentAnswer<unknown> };

export interface IdempotencySettings {
  /** Seals stored answers (they hold patient data): AES-256-GCM, bound to client id and key. */
  keyring: Keyring;
  /** How long a key is remembered (API.md: at least 24 h). */
  ttlHours: number;
  /** How often expired answers are deleted; 0 turns the purge off. */
  purgeIntervalMs?: number;
}

export const IDEMPOTENCY_SETTINGS = Symbol('IDEMPOTENCY_SETTINGS');

/** What a stored body is bound to: the record's identity, so a body copied to another record does not open. */
const sealContext = (clientId: string, key: string) => `idempotency\u0000${clientId}\u0000${key}`;

/**
 * One statement at the start of the transaction: the key's transaction-level advisory lock (held by a
 * request with the same key until it commits or rolls back: 409 while it runs) and the stored answer.
 */
const LOCK_AND_FIND = `
  SELECT pg_try_advisory_xact_lock(hashtextextended($2, hashtextextended($1, 0))) AS locked,
         r.request_hash AS "requestHash", r.response_status AS status, r.response_headers AS headers,
         r.response_body AS body, r.response_key_id AS "keyId", r.expires_at <= now() AS expired
    FROM (SELECT 1) AS one
    LEFT JOIN idempotency_record r ON r.client_id = $1 AND r.key = $2`;

const INSERT_ANSWER = `
  INSERT INTO idempotency_record
    (client_id, key, request_hash, response_status, response_headers, response_body, response_key_id, expires_at)
  VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, now() + make_interval(hours => $8))`;

interface FoundRow {
  locked: boolean;
  requestHash: string | null;
  status: number | null;
  headers: Record<string, string> | null;
  body: Buffer | null;
  keyId: string | null;
  expired: boolean | null;
}

/** Two requests with one key met at the record's primary key: the later one rolls back and looks again. */
function isKeyConflict(error: unknown): boolean {
  // Through TypeORM a QueryFailedError; from a prepared statement on the connection, the driver's own.
  const driverError = (error instanceof QueryFailedError ? error.driverError : error) as
    { code?: string; constraint?: string } | undefined;
  return driverError?.code === '23505' && driverError.constraint === 'idempotency_record_pkey';
}

/** 409: a request with this key is still running. */
export const idempotencyKeyInFlight = () =>
  ProblemException.of('idempotency-key-in-flight', {
    detail: 'A request with this Idempotency-Key is still being processed; try again shortly.',
  });

/** 422: the key was used for another request. */
export const idempotencyKeyReused = () =>
  ProblemException.of('idempotency-key-reused', {
    detail: 'This Idempotency-Key was used for another request.',
  });

/** Our own refusals, which are not the request's answer and are never stored. */
const isIdempotencyProblem = (error: unknown) =>
  error instanceof ProblemException && error.problem.code?.startsWith('idempotency-key-') === true;

/**
 * `Idempotency-Key` (API.md) kept by the service that owns the change: the answer is stored in the
 * transaction of the change it answers, so they commit together or not at all. A retry after a lost
 * answer (timeout, crash of the gateway or of the service after its commit) finds the answer and gets
 * it again; the change never happens twice. While a request runs, its key's transaction-level advisory
 * lock makes another request with that key 409; the same key with another request is 422.
 *
 * A request runs in two steps: `prepare` (reads and checks outside the transaction, e.g. an HTTP hop,
 * which must not hold a connection) and `write` (the change, in the transaction). A 4xx problem of
 * either step is the request's answer and is stored too (the change was refused, nothing was written);
 * anything else (5xx, a lost connection) stores nothing and the client may retry.
 */
@Injectable()
export class IdempotentWrites implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('IdempotentWrites');
  private readonly purge: RetentionPurge;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(IDEMPOTENCY_SETTINGS) private readonly settings: IdempotencySettings,
    clock: Clock,
  ) {
    // Rows go an hour after they expire (an expired row found earlier is deleted by the request that finds it).
    this.purge = new RetentionPurge(
      dataSource,
      [
        {
          name: 'idempotency_record',
          table: 'idempotency_record',
          expired: 'expires_at < $1',
          retentionDays: 1 / 24,
        },
      ],
      {
        batchSize: 1000,
        onPurged: (deleted) =>
          this.logger.debug(`expired idempotency records deleted: ${deleted.idempotency_record}`),
        onError: (error) => this.logger.warn(`idempotency purge failed: ${error.message}`),
        clock,
      },
    );
  }

  onApplicationBootstrap(): void {
    this.purge.start(this.settings.purgeIntervalMs ?? 300_000);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.purge.stop();
  }

  /** Deletes expired records as of `now` (tests; the timer does it otherwise). */
  purgeExpired(now?: Date): Promise<Record<string, number>> {
    return this.purge.drain(now);
  }

  /** Runs the request once per scope; without a scope (no key) it simply runs. */
  async execute<P, T>(
    scope: IdempotencyScope | undefined,
    prepare: () => Promise<P>,
    write: (manager: EntityManager, prepared: P) => Promise<IdempotentAnswer<T>>,
  ): Promise<IdempotentOutcome<T>> {
    if (!scope) {
      const prepared = await prepare();
      return { replayed: false, answer: await this.dataSource.transaction((m) => write(m, prepared)) };
    }
    let prepared: P;
    try {
      prepared = await prepare();
    } catch (error) {
      return this.answeredWithProblem(scope, error);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.dataSource.transaction(async (manager) => {
          const replay = await this.lockAndFind(manager, scope);
          if (replay) return { replayed: true, answer: replay };
          const answer = await write(manager, prepared);
          await this.insert(manager, scope, answer);
          return { replayed: false as const, answer };
        });
      } catch (error) {
        if (isKeyConflict(error) && attempt < 3) continue;
        if (isKeyConflict(error)) throw idempotencyKeyInFlight();
        return this.answeredWithProblem(scope, error);
      }
    }
  }

  /**
   * `error` as the request's answer: a 4xx problem of the request itself is stored and thrown, unless
   * an answer is already stored (another request with the key got in first), which is replayed;
   * anything else is thrown as it is.
   */
  private async answeredWithProblem(
    scope: IdempotencyScope,
    error: unknown,
  ): Promise<IdempotentOutcome<never>> {
    // Only refusals the request brought on itself: a 5xx or an unexpected error may succeed on a retry.
    const problem = problemOf(error);
    if (problem.status < 400 || problem.status >= 500 || isIdempotencyProblem(error)) throw error;
    problem.instance ??= scope.path;
    const replay = await this.dataSource.transaction(async (manager) => {
      const stored = await this.lockAndFind(manager, scope);
      if (stored) return stored;
      await this.insert(manager, scope, {
        status: problem.status,
        headers: { 'content-type': 'application/problem+json' },
        body: problem,
      });
      return null;
    });
    if (replay) return { replayed: true, answer: replay };
    throw error;
  }

  /** Takes the key's lock (or 409); the stored answer to replay (or 422), null when there is none. */
  private async lockAndFind(
    manager: EntityManager,
    scope: IdempotencyScope,
  ): Promise<IdempotentAnswer | null> {
    const [row] = await preparedQuery<FoundRow>(manager, 'idempotency_lock_and_find', LOCK_AND_FIND, [
      scope.clientId,
      scope.key,
    ]);
    if (!row.locked) throw idempotencyKeyInFlight();
    if (row.requestHash === null) return null;
    if (row.expired) {
      await manager.query(`DELETE FROM idempotency_record WHERE client_id = $1 AND key = $2`, [
        scope.clientId,
        scope.key,
      ]);
      return null;
    }
    if (row.requestHash !== scope.requestHash) throw idempotencyKeyReused();
    // Throws (500) when the key is no longer listed or the row was altered: never run twice.
    const body = this.settings.keyring.open(
      { keyId: row.keyId ?? '', data: row.body ?? Buffer.alloc(0) },
      sealContext(scope.clientId, scope.key),
    );
    return {
      status: row.status ?? 200,
      headers: { ...(row.headers ?? {}) },
      body: JSON.parse(body.toString('utf8')),
    };
  }

  private async insert(
    manager: EntityManager,
    scope: IdempotencyScope,
    answer: IdempotentAnswer,
  ): Promise<void> {
    const sealed = this.settings.keyring.seal(
      JSON.stringify(answer.body),
      sealContext(scope.clientId, scope.key),
    );
    await preparedQuery(manager, 'idempotency_insert_answer', INSERT_ANSWER, [
      scope.clientId,
      scope.key,
      scope.requestHash,
      answer.status,
      JSON.stringify(answer.headers),
      sealed.data,
      sealed.keyId,
      this.settings.ttlHours,
    ]);
  }
}
