import { ConfigError, loadEnv } from '@referral/platform-config';
import { NotificationsEnv, webhookAddressPolicy, webhookRetryPolicy } from './config';

const key = (text: string) => Buffer.from(text.padEnd(32, '.')).toString('base64');
const DEV_KEY = 'dev-1:ZGV2LW9ubHktd2ViaG9vay1zZWNyZXQta2V5LTMyYnk='; // deploy/local/stack.sh, docker-compose.yml
const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  KAFKA_BROKERS: '127.0.0.1:9092',
  WEBHOOK_SECRET_KEY: `k1:${key('webhook secrets')}`,
};

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    loadEnv(NotificationsEnv, source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('NotificationsEnv: webhooks', () => {
  it('has API.md’s defaults', () => {
    const env = loadEnv(NotificationsEnv, base);
    expect(env).toMatchObject({
      WEBHOOK_TIMEOUT_MS: 15_000,
      WEBHOOK_SECRET_ROTATION_HOURS: 24,
      WEBHOOK_POLL_INTERVAL_MS: 1000,
    });
    expect(webhookRetryPolicy(env).schedule).toHaveLength(10);
    expect(webhookRetryPolicy(env).jitter).toBe(0.2);
    expect(webhookAddressPolicy(env).refusal('127.0.0.1')).toBe('loopback');
  });

  it('merges both allow-list variables', () => {
    const env = loadEnv(NotificationsEnv, {
      ...base,
      WEBHOOK_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
      WEBHOOK_ALLOWED_HOSTS: '10.0.0.0/8,receiver.local',
    });
    const policy = webhookAddressPolicy(env);
    expect(policy.refusal('127.0.0.1')).toBeNull();
    expect(policy.refusal('10.9.8.7')).toBeNull();
    expect(policy.allowsHost('receiver.local')).toBe(true);
    expect(policy.refusal('192.168.1.1')).toBe('private');
  });

  it.each([
    [
      'a short secret key',
      { WEBHOOK_SECRET_KEY: `k1:${Buffer.alloc(16).toString('base64')}` },
      'WEBHOOK_SECRET_KEY',
    ],
    ['a malformed allow-list', { WEBHOOK_ALLOW_PRIVATE_HOSTS: '10.0.0.0/40' }, 'WEBHOOK_ALLOW_PRIVATE_HOSTS'],
    ['a malformed schedule', { WEBHOOK_RETRY_SCHEDULE: '0,5x' }, 'WEBHOOK_RETRY_SCHEDULE'],
    ['a timeout too short', { WEBHOOK_TIMEOUT_MS: '7' }, 'WEBHOOK_TIMEOUT_MS'],
  ])(
    'refuses %s, naming the variable and never the value',
    (_label, change: Record<string, string | undefined>, variable) => {
      const problems = problemsOf({ ...base, ...change });
      expect(problems).toEqual([expect.stringContaining(variable)]);
      for (const value of Object.values(change)) if (value) expect(problems.join()).not.toContain(value);
    },
  );

  it('accepts the development key outside production only', () => {
    expect(loadEnv(NotificationsEnv, { ...base, WEBHOOK_SECRET_KEY: DEV_KEY }).WEBHOOK_SECRET_KEY).toBe(
      DEV_KEY,
    );
    const production = { NODE_ENV: 'production', PUBLIC_APP_URL: 'https://referrals.example.pk' };
    expect(problemsOf({ ...base, ...production, WEBHOOK_SECRET_KEY: DEV_KEY })).toEqual([
      expect.stringContaining('WEBHOOK_SECRET_KEY'),
    ]);
    // Production without a key of its own: the development default is refused too.
    const { WEBHOOK_SECRET_KEY: _unset, ...unset } = base;
    expect(problemsOf({ ...unset, ...production })).toEqual([expect.stringContaining('WEBHOOK_SECRET_KEY')]);
    expect(
      loadEnv(NotificationsEnv, {
        ...base,
        NODE_ENV: 'production',
        PUBLIC_APP_URL: 'https://referrals.example.pk',
      }).NODE_ENV,
    ).toBe('production');
    // Without one, the development key is the default: fine for development, refused in production.
    const { WEBHOOK_SECRET_KEY: _, ...withoutKey } = base;
    expect(loadEnv(NotificationsEnv, withoutKey).WEBHOOK_SECRET_KEY).toBe(DEV_KEY);
  });
});
