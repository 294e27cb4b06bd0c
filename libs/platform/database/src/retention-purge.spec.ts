import type { DataSource } from 'typeorm';
import { RetentionPurge, type RetentionRule } from './retention-purge';

/** A DataSource whose DELETE answers the next of `counts`, recording each statement and its values. */
function fakeDataSource(counts: number[]) {
  const calls: { sql: string; values: unknown[] }[] = [];
  const dataSource = {
    query: async (sql: string, values: unknown[]) => {
      calls.push({ sql, values });
      return [[], counts.shift() ?? 0];
    },
  } as unknown as DataSource;
  return { dataSource, calls };
}

const inbox: RetentionRule = {
  name: 'inbox',
  table: 'inbox',
  expired: 'received_at < $1',
  retentionDays: 21,
};
const fail = (error: Error) => {
  throw error;
};

describe('RetentionPurge', () => {
  it('deletes one batch per rule, of rows older than now minus the retention, locked with SKIP LOCKED', async () => {
    const { dataSource, calls } = fakeDataSource([3]);
    const purged: Record<string, number>[] = [];
    const purge = new RetentionPurge(dataSource, [inbox], {
      batchSize: 10,
      onPurged: (d) => purged.push(d),
      onError: fail,
    });
    const now = new Date('2026-12-04T00:00:00Z');
    expect(await purge.runOnce(now)).toEqual({ inbox: 3 });
    expect(calls).toHaveLength(1);
    expect(calls[0].values).toEqual([new Date('2026-11-13T00:00:00Z'), 10]);
    expect(calls[0].sql).toMatch(/DELETE FROM inbox WHERE ctid = ANY\(ARRAY\(/);
    expect(calls[0].sql).toMatch(/WHERE received_at < \$1 LIMIT \$2 FOR UPDATE SKIP LOCKED/);
    expect(purged).toEqual([{ inbox: 3 }]);
  });

  it('drains while a batch comes back full, and reports nothing when nothing went', async () => {
    const { dataSource, calls } = fakeDataSource([10, 10, 4]);
    const purged: Record<string, number>[] = [];
    const purge = new RetentionPurge(dataSource, [inbox], {
      batchSize: 10,
      onPurged: (d) => purged.push(d),
      onError: fail,
    });
    expect(await purge.drain()).toEqual({ inbox: 24 });
    expect(calls).toHaveLength(3);
    expect(await purge.runOnce()).toEqual({});
    expect(purged).toHaveLength(3);
  });

  it('refuses a table that is not a plain name, a retention that is not positive, a batch below 1', async () => {
    const { dataSource, calls } = fakeDataSource([]);
    const run = (rule: RetentionRule) =>
      new RetentionPurge(dataSource, [rule], { batchSize: 5, onError: fail }).runOnce();
    await expect(run({ ...inbox, table: 'inbox; DROP TABLE inbox' })).rejects.toThrow(/not a table name/);
    await expect(run({ ...inbox, retentionDays: 0 })).rejects.toThrow(/must be positive/);
    expect(calls).toHaveLength(0);
    expect(() => new RetentionPurge(dataSource, [inbox], { batchSize: 0, onError: fail })).toThrow(
      /batch size/,
    );
  });
});
