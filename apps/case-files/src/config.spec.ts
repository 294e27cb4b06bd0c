import { ConfigError, loadEnv } from '@referral/platform-config';
import { CaseFilesEnv, parseCnicEncryptionKeys } from './config';

const key = (text: string) => Buffer.from(text.padEnd(32, '.')).toString('base64');
const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  KAFKA_BROKERS: '127.0.0.1:9092',
  CNIC_ENCRYPTION_KEY: `k2:${key('second')},k1:${key('first')}`,
  CNIC_INDEX_KEY: key('index'),
};

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    loadEnv(CaseFilesEnv, source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('CaseFilesEnv: CNIC keys', () => {
  it('reads the keys, the current one first', () => {
    const env = loadEnv(CaseFilesEnv, base);
    expect(parseCnicEncryptionKeys(env.CNIC_ENCRYPTION_KEY)?.map((k) => k.id)).toEqual(['k2', 'k1']);
  });

  it('takes a bare key as the only key, its id the fingerprint of the key', () => {
    const env = loadEnv(CaseFilesEnv, { ...base, CNIC_ENCRYPTION_KEY: key('bare') });
    const keys = parseCnicEncryptionKeys(env.CNIC_ENCRYPTION_KEY)!;
    expect(keys).toHaveLength(1);
    expect(keys[0].id).toMatch(/^sha256-[0-9a-f]{12}$/);
    expect(parseCnicEncryptionKeys(key('bare'))![0].id).toBe(keys[0].id);
    expect(parseCnicEncryptionKeys(key('other'))![0].id).not.toBe(keys[0].id);
  });

  it.each([
    ['missing', { CNIC_ENCRYPTION_KEY: undefined }, 'CNIC_ENCRYPTION_KEY'],
    ['with an empty key id', { CNIC_ENCRYPTION_KEY: `:${key('x')}` }, 'CNIC_ENCRYPTION_KEY'],
    [
      'of 16 bytes',
      { CNIC_ENCRYPTION_KEY: `k1:${Buffer.alloc(16, 1).toString('base64')}` },
      'CNIC_ENCRYPTION_KEY',
    ],
    ['not base64', { CNIC_ENCRYPTION_KEY: 'k1:not*base64' }, 'CNIC_ENCRYPTION_KEY'],
    ['with a key id twice', { CNIC_ENCRYPTION_KEY: `k1:${key('a')},k1:${key('b')}` }, 'CNIC_ENCRYPTION_KEY'],
    ['with an empty entry', { CNIC_ENCRYPTION_KEY: `k1:${key('a')},` }, 'CNIC_ENCRYPTION_KEY'],
    ['missing', { CNIC_INDEX_KEY: undefined }, 'CNIC_INDEX_KEY'],
    ['shorter than 32 bytes', { CNIC_INDEX_KEY: Buffer.alloc(31, 1).toString('base64') }, 'CNIC_INDEX_KEY'],
  ])('refuses keys %s, naming the variable and not the value', (_, change, variable) => {
    const problems = problemsOf({ ...base, ...change });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${variable} must be`));
    for (const value of Object.values(change)) if (value) expect(problems[0]).not.toContain(value);
  });

  it('refuses a blind index key that is one of the encryption keys, current or older', () => {
    for (const reused of [key('second'), key('first')]) {
      const problems = problemsOf({ ...base, CNIC_INDEX_KEY: reused });
      expect(problems).toEqual([
        "CNIC_INDEX_KEY must be a key of its own, not one of CNIC_ENCRYPTION_KEY's keys",
      ]);
    }
  });

  it('accepts the development keys outside production and refuses them in production', () => {
    const development = {
      ...base,
      CNIC_ENCRYPTION_KEY: `dev-1:${key('dev-only-cnic-encryption-key')}`,
      CNIC_INDEX_KEY: key('dev-only-cnic-blind-index-key'),
    };
    expect(() => loadEnv(CaseFilesEnv, development)).not.toThrow();
    const problems = problemsOf({ ...development, NODE_ENV: 'production' });
    expect(problems.join('\n')).toMatch(/CNIC_ENCRYPTION_KEY/);
    expect(problems.join('\n')).toMatch(/CNIC_INDEX_KEY/);
    expect(() => loadEnv(CaseFilesEnv, { ...base, NODE_ENV: 'production' })).not.toThrow();
  });
});

describe('CaseFilesEnv: CASE_FILE_ACCESS_AFTER_CLOSE_DAYS', () => {
  it('defaults to 30 days and accepts 0 (access ends at close)', () => {
    expect(loadEnv(CaseFilesEnv, base).CASE_FILE_ACCESS_AFTER_CLOSE_DAYS).toBe(30);
    expect(loadEnv(CaseFilesEnv, { ...base, CASE_FILE_ACCESS_AFTER_CLOSE_DAYS: '0' })).toMatchObject({
      CASE_FILE_ACCESS_AFTER_CLOSE_DAYS: 0,
    });
  });

  it.each(['-1', '1.5', 'thirty'])('refuses %s', (value) => {
    const problems = problemsOf({ ...base, CASE_FILE_ACCESS_AFTER_CLOSE_DAYS: value });
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toMatch(/^CASE_FILE_ACCESS_AFTER_CLOSE_DAYS /);
  });
});

describe('CaseFilesEnv: CNIC re-encryption', () => {
  it('runs every 5 minutes in batches of 500 by default; 0 turns it off', () => {
    const env = loadEnv(CaseFilesEnv, base);
    expect([env.CNIC_REENCRYPT_INTERVAL_SECONDS, env.CNIC_REENCRYPT_BATCH_SIZE]).toEqual([300, 500]);
    expect(
      loadEnv(CaseFilesEnv, { ...base, CNIC_REENCRYPT_INTERVAL_SECONDS: '0' })
        .CNIC_REENCRYPT_INTERVAL_SECONDS,
    ).toBe(0);
  });

  it.each([
    ['CNIC_REENCRYPT_INTERVAL_SECONDS', '-1'],
    ['CNIC_REENCRYPT_BATCH_SIZE', '0'],
    ['CNIC_REENCRYPT_BATCH_SIZE', 'many'],
  ])('refuses %s=%s', (variable, value) => {
    expect(problemsOf({ ...base, [variable]: value }).join('\n')).toMatch(new RegExp(`^${variable}`));
  });
});
