import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { RateLimiter, type RateLimitDecision } from './rate-limiter';
import { decide, WINDOW_MS, type WindowCounts } from './shared-window';

/**
 * One statement per request: counts the request in this minute's row of the client unless the
 * sliding estimate says the limit is reached. `ON CONFLICT DO UPDATE … WHERE` locks the row and tests
 * its latest count, so instances counting at once never allow more than the limit between them.
 * Every CTE reads the same snapshot: `current` is this minute's count before the statement.
 * $1 client id, $2 limit.
 */
const TAKE = `
  WITH clock AS (
    SELECT ms, floor(ms / ${WINDOW_MS})::bigint AS minute, 1 - (ms % ${WINDOW_MS}) / ${WINDOW_MS}.0 AS weight
      FROM (SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint AS ms) now
  ), previous AS (
    SELECT coalesce((SELECT w.count FROM rate_limit_window w, clock
                      WHERE w.client_id = $1 AND w.minute = clock.minute - 1), 0) AS n
  ), taken AS (
    INSERT INTO rate_limit_window AS w (client_id, minute, count)
    SELECT $1, clock.minute, 1 FROM clock, previous WHERE previous.n * clock.weight + 1 <= $2
    ON CONFLICT (client_id, minute) DO UPDATE SET count = w.count + 1
     WHERE (SELECT n FROM previous) * (SELECT weight FROM clock) + w.count + 1 <= $2
    RETURNING w.count
  )
  SELECT clock.ms::float8 AS ms, (SELECT n FROM previous) AS previous, (SELECT count FROM taken) AS taken,
         coalesce((SELECT w.count FROM rate_limit_window w
                    WHERE w.client_id = $1 AND w.minute = clock.minute), 0) AS current
    FROM clock`;

/** Deletes the windows no estimate reads any more (older than the previous minute). */
const PURGE = `
  DELETE FROM rate_limit_window
   WHERE minute < floor(extract(epoch FROM clock_timestamp()) * 1000 / ${WINDOW_MS})::bigint - 1`;

const TAKE_STATEMENT = 'gateway_rate_limit_take';

/** The part of node-postgres' pool used here. */
interface PgPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

interface TakeRow {
  ms: number;
  previous: number;
  taken: number | null;
  current: number;
}

/**
 * `limit` requests per rolling minute per key across every gateway instance: the counters are rows
 * of `rate_limit_window` in the gateway database, one per client and minute, and the database's clock
 * decides the minute. Costs one statement per request (bench/rate-limit.ts measures it). When the
 * database cannot be reached, each instance falls back to counting in memory (per instance, so up
 * to N × limit), logged, until it answers again.
 */
export class SharedRateLimiter {
  private readonly fallback: RateLimiter;
  private lastWarning = 0;

  constructor(
    readonly limit: number,
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
  ) {
    this.fallback = new RateLimiter(limit);
  }

  async take(key: string): Promise<RateLimitDecision> {
    let row: TakeRow;
    try {
      [row] = await this.query<TakeRow>(TAKE_STATEMENT, [key, this.limit]);
    } catch (error) {
      this.warnAtMostEveryMinute(error);
      return this.fallback.take(key);
    }
    const counts: WindowCounts = {
      nowMs: Number(row.ms),
      previous: Number(row.previous),
      current: row.taken === null ? Number(row.current) : Number(row.taken),
      allowed: row.taken !== null,
    };
    return decide(this.limit, counts);
  }

  /**
   * A named statement on the pool under TypeORM (pg prepares it once per connection): parsing and
   * planning the statement each time cost about as much as running it.
   */
  private async query<T>(name: string, values: unknown[]): Promise<T[]> {
    const pool = (this.dataSource.driver as unknown as { master?: PgPool }).master;
    if (!pool?.query) return (await this.dataSource.query(TAKE, values)) as T[];
    return (await pool.query({ name, text: TAKE, values })).rows as T[];
  }

  /** Deletes the windows no longer read; how many. */
  async purge(): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(
      `WITH gone AS (${PURGE} RETURNING 1) SELECT count(*)::int AS n FROM gone`,
    );
    return rows[0]?.n ?? 0;
  }

  private warnAtMostEveryMinute(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning < WINDOW_MS) return;
    this.lastWarning = now;
    this.logger.warn({ err: error }, 'rate limit counters unavailable: counting in this instance only');
  }
}
