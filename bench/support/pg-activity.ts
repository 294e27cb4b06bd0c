/**
 * What the stack asked of PostgreSQL during a measured window, per service database (pg_stat_database):
 * commits, rollbacks, rows inserted, updated and deleted, and the WAL the whole server wrote. Divided by
 * the window's submissions it says where PostgreSQL's share of the CPU per submission goes.
 */
import type { Client } from 'pg';

interface Counters {
  commits: number;
  rollbacks: number;
  inserted: number;
  updated: number;
  deleted: number;
}

export interface DatabaseActivity {
  /** Per service database (the prefix taken off). */
  perDatabase: Record<string, Counters>;
  walBytes: number;
  /** Seconds from start to the final reading (the flush wait included). */
  elapsed: number;
}

const COUNTERS: (keyof Counters)[] = ['commits', 'rollbacks', 'inserted', 'updated', 'deleted'];

async function read(client: Client, prefix: string): Promise<DatabaseActivity> {
  const rows = (
    await client.query<Counters & { name: string }>(
      `SELECT substr(datname, length($1) + 1) AS name, xact_commit::float8 AS commits,
              xact_rollback::float8 AS rollbacks, tup_inserted::float8 AS inserted,
              tup_updated::float8 AS updated, tup_deleted::float8 AS deleted
         FROM pg_stat_database WHERE starts_with(datname, $1) ORDER BY datname`,
      [prefix],
    )
  ).rows;
  const wal = (
    await client.query<{ lsn: string }>(`SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::text AS lsn`)
  ).rows[0];
  const perDatabase: Record<string, Counters> = {};
  for (const row of rows) {
    const { name, ...counters } = row;
    perDatabase[name] = counters;
  }
  return { perDatabase, walBytes: Number(wal.lsn), elapsed: 0 };
}

/**
 * Starts a window; `stop` waits for the backends to publish their counters (an idle backend flushes
 * its statistics within about 10 s in PostgreSQL 15) and gives the difference.
 */
export async function startDatabaseActivity(client: Client, prefix: string) {
  const before = await read(client, prefix);
  const started = performance.now();
  return {
    async stop(flushWaitMs = 11_000): Promise<DatabaseActivity> {
      await new Promise((resolve) => setTimeout(resolve, flushWaitMs));
      const after = await read(client, prefix);
      const perDatabase: Record<string, Counters> = {};
      for (const [name, counters] of Object.entries(after.perDatabase)) {
        const start = before.perDatabase[name];
        perDatabase[name] = Object.fromEntries(
          COUNTERS.map((c) => [c, counters[c] - (start?.[c] ?? 0)]),
        ) as unknown as Counters;
      }
      return {
        perDatabase,
        walBytes: after.walBytes - before.walBytes,
        elapsed: (performance.now() - started) / 1000,
      };
    },
  };
}

/** `load` less what `idle` (a window without load) did per second over the same time: the load's own. */
export function overIdle(load: DatabaseActivity, idle: DatabaseActivity): DatabaseActivity {
  const share = load.elapsed / Math.max(1e-9, idle.elapsed);
  const perDatabase: Record<string, Counters> = {};
  for (const [name, counters] of Object.entries(load.perDatabase)) {
    const base = idle.perDatabase[name];
    perDatabase[name] = Object.fromEntries(
      COUNTERS.map((c) => [c, Math.max(0, counters[c] - (base?.[c] ?? 0) * share)]),
    ) as unknown as Counters;
  }
  return {
    perDatabase,
    walBytes: Math.max(0, load.walBytes - idle.walBytes * share),
    elapsed: load.elapsed,
  };
}

/** One line per database: commits and rows per submission, then the WAL per submission. */
export function activityPerSubmission(activity: DatabaseActivity, submissions: number): string[] {
  const per = (n: number) => (n / Math.max(1, submissions)).toFixed(2);
  const lines = Object.entries(activity.perDatabase).map(
    ([name, c]) =>
      `    ${name.padEnd(14)} ${per(c.commits).padStart(6)} commits, ${per(c.rollbacks)} rollbacks, rows: ${per(c.inserted)} inserted, ${per(c.updated)} updated, ${per(c.deleted)} deleted`,
  );
  const totals = Object.values(activity.perDatabase).reduce(
    (sum, c) => ({ commits: sum.commits + c.commits, rows: sum.rows + c.inserted + c.updated + c.deleted }),
    { commits: 0, rows: 0 },
  );
  lines.push(
    `    ${'all'.padEnd(14)} ${per(totals.commits).padStart(6)} commits, ${per(totals.rows)} rows written; WAL ${(
      activity.walBytes /
      1024 /
      Math.max(1, submissions)
    ).toFixed(1)} KiB (the whole server)`,
  );
  return lines;
}
