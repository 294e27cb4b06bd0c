import { ConfigError, loadEnv } from '@referral/platform-config';
import { DEFAULT_SMS_HTTP_BODY_TEMPLATE, NotificationsEnv } from '../config';

const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  KAFKA_BROKERS: '127.0.0.1:9092',
  // Production refuses the development key of the webhook secrets: a key of the tests' own.
  WEBHOOK_SECRET_KEY: `test-1:${Buffer.from('messaging tests'.padEnd(32, '.')).toString('base64')}`,
};

function problemsOf(source: Record<string, string>): string[] {
  try {
    loadEnv(NotificationsEnv, { ...base, ...source });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('notifications configuration: messaging', () => {
  it('defaults to the development sinks, 3 SMS parts and a development link base', () => {
    expect(loadEnv(NotificationsEnv, base)).toMatchObject({
      SMS_PROVIDER: 'sink',
      EMAIL_PROVIDER: 'sink',
      SMS_MAX_PARTS: 3,
      SMS_HTTP_BODY_TEMPLATE: DEFAULT_SMS_HTTP_BODY_TEMPLATE,
      SMS_HTTP_TIMEOUT_MS: 10_000,
      SMS_HTTP_MESSAGE_ID_FIELD: 'id',
      SMS_FROM: 'Referrals',
      SMTP_TIMEOUT_MS: 10_000,
      EMAIL_FROM: 'Specialist Referral <no-reply@localhost>',
      PUBLIC_APP_URL: 'http://localhost:3000',
    });
  });

  it('takes a complete HTTP gateway and SMTP setup', () => {
    const env = loadEnv(NotificationsEnv, {
      ...base,
      SMS_PROVIDER: 'http',
      SMS_HTTP_URL: 'https://sms.example.pk/v1/send',
      SMS_HTTP_AUTH_HEADER: 'X-Api-Key: abc',
      SMS_HTTP_BODY_TEMPLATE: '{"msisdn":"{{to}}","message":"{{text}}"}',
      SMS_MAX_PARTS: '4',
      EMAIL_PROVIDER: 'smtp',
      SMTP_URL: 'smtps://user:pass@mail.example.pk:465',
      EMAIL_FROM: 'no-reply@referral.example.pk',
    });
    expect(env).toMatchObject({ SMS_PROVIDER: 'http', SMS_MAX_PARTS: 4, EMAIL_PROVIDER: 'smtp' });
  });

  it('requires the gateway URL with SMS_PROVIDER=http and the SMTP URL with EMAIL_PROVIDER=smtp', () => {
    expect(problemsOf({ SMS_PROVIDER: 'http', EMAIL_PROVIDER: 'smtp' })).toEqual([
      'SMS_HTTP_URL must be an http(s) URL (required when SMS_PROVIDER=http)',
      'SMTP_URL must be an smtp:// or smtps:// URL (required when EMAIL_PROVIDER=smtp)',
    ]);
  });

  it.each([
    ['not JSON', '{"to":"{{to}}","text":"{{text}}"'],
    ['a placeholder outside a JSON string', '{"to":{{to}},"text":"{{text}}"}'],
    ['no {{text}}', '{"to":"{{to}}"}'],
  ])('refuses a body template with %s', (_, template) => {
    expect(problemsOf({ SMS_HTTP_BODY_TEMPLATE: template })).toEqual([
      'SMS_HTTP_BODY_TEMPLATE must be JSON naming {{to}} and {{text}} (and optionally {{from}}) inside JSON strings',
    ]);
  });

  it('never repeats a secret in its messages', () => {
    const problems = problemsOf({
      SMS_HTTP_AUTH_HEADER: 'Bearer sk_live_123\nX-Other: 1',
      SMTP_URL: 'http://user:hunter2@mail.example.pk',
    }).join('\n');
    expect(problems).toContain('SMS_HTTP_AUTH_HEADER');
    expect(problems).toContain('SMTP_URL');
    expect(problems).not.toContain('sk_live_123');
    expect(problems).not.toContain('hunter2');
  });

  it.each([
    ['SMS_MAX_PARTS', '0'],
    ['SMS_MAX_PARTS', '11'],
    ['SMS_PROVIDER', 'twilio'],
    ['EMAIL_PROVIDER', 'ses'],
    ['EMAIL_FROM', 'Referrals'],
    ['SMS_HTTP_TIMEOUT_MS', '50'],
    ['PUBLIC_APP_URL', 'referrals.example.pk'],
    ['PUBLIC_APP_URL', 'https://referrals.example.pk/?x=1'],
  ])('refuses %s=%s', (name, value) => {
    expect(problemsOf({ [name]: value }).join('\n')).toContain(name);
  });

  it('wants an https PUBLIC_APP_URL of its own in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' }).join('\n')).toContain('PUBLIC_APP_URL');
    expect(
      problemsOf({ NODE_ENV: 'production', PUBLIC_APP_URL: 'http://referrals.example.pk' }).join('\n'),
    ).toContain('PUBLIC_APP_URL');
    expect(
      loadEnv(NotificationsEnv, {
        ...base,
        NODE_ENV: 'production',
        PUBLIC_APP_URL: 'https://referrals.example.pk',
      }).PUBLIC_APP_URL,
    ).toBe('https://referrals.example.pk');
  });
});
