import { ConfigError, loadEnv } from '@referral/platform-config';
import { NotificationsEnv } from '../config';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  KAFKA_BROKERS: '127.0.0.1:9092',
};

function problemsOf(source: Record<string, string>): string {
  try {
    loadEnv(NotificationsEnv, source);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems.join('\n');
  }
  throw new Error('expected a ConfigError');
}

const VARIABLES = [
  'NOTIFICATION_RETENTION_DAYS',
  'WEBHOOK_DELIVERY_RETENTION_DAYS',
  'OUTBOUND_MESSAGE_RETENTION_DAYS',
] as const;

describe('notifications retention variables', () => {
  it('keep in-app notifications 180 days, webhook deliveries 30, the SMS and email log 90 by default', () => {
    const env = loadEnv(NotificationsEnv, valid);
    expect(env.NOTIFICATION_RETENTION_DAYS).toBe(180);
    expect(env.WEBHOOK_DELIVERY_RETENTION_DAYS).toBe(30);
    expect(env.OUTBOUND_MESSAGE_RETENTION_DAYS).toBe(90);
    expect(env.INBOX_RETENTION_DAYS).toBe(21);
  });

  it.each(VARIABLES)('%s takes whole days from 1 to 3650', (name) => {
    expect(loadEnv(NotificationsEnv, { ...valid, [name]: '1' })[name]).toBe(1);
    expect(loadEnv(NotificationsEnv, { ...valid, [name]: '3650' })[name]).toBe(3650);
    for (const bad of ['0', '-5', '3651', '1.5', 'a year'])
      expect(problemsOf({ ...valid, [name]: bad })).toMatch(new RegExp(name));
  });
});
