import type { DataSource } from 'typeorm';
import { SystemClock, type Clock } from './clock';
import { PeriodicTask } from './periodic-task';

/** One kind of row that is deleted once it is older than its retention. */
export interface RetentionRule {
  /** Name in the log line (e.g. `inbox`, `webhook_delivery`). */
  name: string;
  /** The table, a plain identifier. */
  table: string;
  /**
   * SQL condition of the rows that may go, `$1` being the cutoff (a timestamptz): e.g.
   * `received_at < $1`, or `status <> 'pending' AND created_at < $1` so that work still to do stays.
   */
  expired: string;
  /** How long rows are kept, in days. */
  retentionDays: number;
}

export interface RetentionPurgeOptions {
  /** Rows deleted per statement (each a short transaction of its own). */
  batchSize: number;
  /** Told of every round that deleted something: rows per rule name (rules with none left out). */
  onPurged?: (deleted: Record<string, number>) => void;
  /** Told of a round that failed; the next interval tries again. */
  onError: (error: Error) => void;
  /** Where "now" comes from (the service's Clock); the system's by default. */
  clock?: Clock;
}

const DAY_MS = 86_400_000;
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Deletes rows past their retention, on every instance: each statement takes at most `batchSize`
 * expired rows, locked with FOR UPDATE SKIP LOCKED, so instances running at once delete different rows
 * (never waiting on one another, nor on a writer holding a row) and no statement holds many locks for
 * long. Runs on a PeriodicTask: rounds follow each other while a rule still fills a batch.
 */
export class RetentionPurge {
  private readonly task: PeriodicTask;
  private readonly clock: Clock;

  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: readonly RetentionRule[] | (() => Promise<readonly RetentionRule[]>),
    private readonly options: RetentionPurgeOptions,
  ) {
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1)
      throw new Error('the retention batch size must be a positive integer');
    this.clock = options.clock ?? new SystemClock();
    this.task = new PeriodicTask(async () => {
      const deleted = await this.runOnce();
      return Object.values(deleted).some((n) => n >= this.options.batchSize);
    }, options.onError);
  }

  /** Starts the timer; an interval of 0 leaves the purge off. */
  start(intervalMs: number): void {
    this.task.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** One batch per rule, as of `now`: how many rows each deleted (rules with none left out). */
  async runOnce(now = this.clock.now()): Promise<Record<string, number>> {
    const rules = typeof this.rules === 'function' ? await this.rules() : this.rules;
    const deleted: Record<string, number> = {};
    for (const rule of rules) {
      if (this.task.isStopped) break;
      const count = await this.purgeBatch(rule, now);
      if (count > 0) deleted[rule.name] = count;
    }
    if (Object.keys(deleted).length) this.options.onPurged?.(deleted);
    return deleted;
  }

  /** Runs rounds until nothing expired is left (for tests and one-off clean-ups); totals per rule. */
  async drain(now = this.clock.now()): Promise<Record<string, number>> {
    const totals: Record<string, number> = {};
    for (;;) {
      const deleted = await this.runOnce(now);
      for (const [name, n] of Object.entries(deleted)) totals[name] = (totals[name] ?? 0) + n;
      if (!Object.values(deleted).some((n) => n >= this.options.batchSize)) return totals;
    }
  }

  private async purgeBatch(rule: RetentionRule, now: Date): Promise<number> {
    if (!IDENTIFIER.test(rule.table)) throw new Error(`not a table name: ${rule.table}`);
    if (!(rule.retentionDays > 0)) throw new Error(`the retention of ${rule.name} must be positive`);
    const cutoff = new Date(now.getTime() - rule.retentionDays * DAY_MS);
    // ctid = ANY(ARRAY(...)): a TID scan of exactly the rows the subquery locked. The lock keeps them
    // where they are until the DELETE, which is the same statement.
    const [, count] = (await this.dataSource.query(
      `DELETE FROM ${rule.table} WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM ${rule.table} WHERE ${rule.expired} LIMIT $2 FOR UPDATE SKIP LOCKED))`,
      [cutoff, this.options.batchSize],
    )) as [unknown, number];
    return count;
  }
}
