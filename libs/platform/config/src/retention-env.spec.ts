import { ConfigError, loadEnv, ServiceEnv } from './env';

const valid = {
  PORT: '3001',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  DATABASE_NAME: 'referrals',
  KAFKA_BROKERS: '127.0.0.1:9092',
};

function problemsOf(source: Record<string, string>): string {
  try {
    loadEnv(ServiceEnv, source);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems.join('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('retention variables of every service', () => {
  it('keeps inbox rows 21 days by default and purges every 10 minutes, 1000 rows a statement', () => {
    const env = loadEnv(ServiceEnv, valid);
    expect(env.INBOX_RETENTION_DAYS).toBe(21);
    expect(env.RETENTION_PURGE_INTERVAL_MS).toBe(600_000);
    expect(env.RETENTION_PURGE_BATCH_SIZE).toBe(1000);
  });

  it('accepts an inbox retention longer than the topics keep a record', () => {
    expect(loadEnv(ServiceEnv, { ...valid, INBOX_RETENTION_DAYS: '15' }).INBOX_RETENTION_DAYS).toBe(15);
  });

  it.each(['14', '7', '0', '-1', 'forever', '3651'])('refuses INBOX_RETENTION_DAYS=%s', (value) => {
    expect(problemsOf({ ...valid, INBOX_RETENTION_DAYS: value })).toMatch(/INBOX_RETENTION_DAYS/);
  });

  it('says why an inbox retention of a week or two is refused', () => {
    expect(problemsOf({ ...valid, INBOX_RETENTION_DAYS: '14' })).toMatch(/at least 15.*retention/);
  });

  it('turns the purge off with an interval of 0, and refuses a batch of 0', () => {
    expect(
      loadEnv(ServiceEnv, { ...valid, RETENTION_PURGE_INTERVAL_MS: '0' }).RETENTION_PURGE_INTERVAL_MS,
    ).toBe(0);
    expect(problemsOf({ ...valid, RETENTION_PURGE_BATCH_SIZE: '0' })).toMatch(/RETENTION_PURGE_BATCH_SIZE/);
  });
});
