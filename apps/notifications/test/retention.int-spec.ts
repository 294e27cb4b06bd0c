import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadEnv } from '@referral/platform-config';
import {
  createTestDatabase,
  TestClock,
  testInfrastructure,
  waitUntil,
  type TestDatabase,
} from '@referral/testing';
import type { IssuedTestService } from '@referral/testing-service';
import { NotificationsEnv } from '../src/config';
import { migrations } from '../src/migrations';
import { NotificationsRetention } from '../src/retention/notifications-retention';
import { startNotifications } from './support/notifications';

/**
 * The retention purge of notifications on real PostgreSQL: rows older than each table's retention go,
 * work still to do stays, and two instances purging at once delete each row once.
 */
describe('notifications retention', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let env: NotificationsEnv;
  const now = new Date();
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

  beforeAll(async () => {
    const infra = await testInfrastructure();
    db = await createTestDatabase(infra.databaseUrl, 'notifications', migrations);
    dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    env = loadEnv(NotificationsEnv, {
      DATABASE_URL: infra.databaseUrl,
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      RETENTION_PURGE_INTERVAL_MS: '0',
      RETENTION_PURGE_BATCH_SIZE: '3',
      NOTIFICATION_RETENTION_DAYS: '180',
      WEBHOOK_DELIVERY_RETENTION_DAYS: '30',
      OUTBOUND_MESSAGE_RETENTION_DAYS: '90',
    });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const ids = async (table: string): Promise<Set<string>> =>
    new Set((await dataSource.query(`SELECT id FROM ${table}`)).map((r: { id: string }) => r.id));

  /** Two instances, each running rounds until one deletes nothing; the rows each deleted, per table. */
  async function purgeOnTwoInstances(): Promise<Record<string, number>> {
    const drain = async (instance: NotificationsRetention) => {
      const totals: Record<string, number> = {};
      for (;;) {
        const deleted = await instance.runOnce();
        if (!Object.keys(deleted).length) return totals;
        for (const [table, n] of Object.entries(deleted)) totals[table] = (totals[table] ?? 0) + n;
      }
    };
    const [a, b] = await Promise.all([
      drain(new NotificationsRetention(dataSource, env, new TestClock(now))),
      drain(new NotificationsRetention(dataSource, env, new TestClock(now))),
    ]);
    const sum: Record<string, number> = { ...a };
    for (const [table, n] of Object.entries(b)) sum[table] = (sum[table] ?? 0) + n;
    return sum;
  }

  async function notification(createdAt: Date, read: boolean): Promise<string> {
    const id = randomUUID();
    await dataSource.query(
      `INSERT INTO notification (id, type, referral_id, organization_id, recipient_practitioner_id, title, body,
                                 source_event_id, created_at, read_at)
       VALUES ($1, 'referral.submitted', $2, $3, $4, 'New referral', 'A referral is waiting', $5, $6, $7)`,
      [id, randomUUID(), randomUUID(), randomUUID(), randomUUID(), createdAt, read ? createdAt : null],
    );
    return id;
  }

  async function outbound(createdAt: Date, status: string): Promise<string> {
    const id = randomUUID();
    await dataSource.query(
      `INSERT INTO outbound_message (id, channel, recipient, recipient_key, language, requested_language, template,
                                     referral_id, provider, status, source_event_id, created_at, sent_at)
       VALUES ($1, 'sms', '+923001234567', $2, 'en', 'en', 'referral.submitted', $3, 'sink', $4, $5, $6, $7)`,
      [id, randomUUID(), randomUUID(), status, randomUUID(), createdAt, status === 'sent' ? createdAt : null],
    );
    return id;
  }

  async function dispatch(updatedAt: Date, status: string): Promise<string> {
    const id = randomUUID();
    await dataSource.query(
      `INSERT INTO notification_dispatch (id, source_event_id, event_type, referral_id, practitioner_id, channel,
                                          priority, specialty_code, status, not_before, created_at, updated_at)
       VALUES ($1, $2, 'referral.submitted', $3, $4, 'sms', 'routine', 'cardiology', $5, $6, $6, $6)`,
      [id, randomUUID(), randomUUID(), randomUUID(), status, updatedAt],
    );
    return id;
  }

  async function endpoint(): Promise<string> {
    const id = randomUUID();
    await dataSource.query(
      `INSERT INTO webhook_endpoint (id, organization_id, url, event_types, secret_ciphertext)
       VALUES ($1, $2, 'https://partner.example/hooks', ARRAY['*'], 'ciphertext')`,
      [id, randomUUID()],
    );
    return id;
  }

  async function message(createdAt: Date): Promise<string> {
    const id = randomUUID();
    await dataSource.query(
      `INSERT INTO webhook_message (id, event_type, body, created_at) VALUES ($1, 'referral.submitted', '{}', $2)`,
      [id, createdAt],
    );
    return id;
  }

  async function delivery(
    endpointId: string,
    webhookId: string,
    attempt: number,
    status: string,
    createdAt: Date,
    replayOf: string | null = null,
  ): Promise<string> {
    const id = randomUUID();
    await dataSource.query(
      `INSERT INTO webhook_delivery (id, endpoint_id, webhook_id, attempt, replay_of, status, due_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
      [id, endpointId, webhookId, attempt, replayOf, status, createdAt],
    );
    return id;
  }

  it('deletes in-app notifications older than NOTIFICATION_RETENTION_DAYS, read or not', async () => {
    const old = [await notification(daysAgo(200), true), await notification(daysAgo(181), false)];
    for (let i = 0; i < 5; i++) old.push(await notification(daysAgo(300 + i), i % 2 === 0));
    const kept = [await notification(daysAgo(179), false), await notification(daysAgo(1), true)];

    const deleted = await purgeOnTwoInstances();

    expect(deleted.notification).toBe(old.length);
    const left = await ids('notification');
    expect(old.filter((id) => left.has(id))).toEqual([]);
    expect(kept.every((id) => left.has(id))).toBe(true);
  });

  it('deletes finished webhook deliveries after WEBHOOK_DELIVERY_RETENTION_DAYS, and their messages once none is left; never pending ones', async () => {
    const ep = await endpoint();
    // Old and finished: every attempt goes, then the message.
    const done = await message(daysAgo(40));
    const doneDeliveries = [
      await delivery(ep, done, 1, 'failed', daysAgo(40)),
      await delivery(ep, done, 2, 'failed', daysAgo(40)),
      await delivery(ep, done, 3, 'succeeded', daysAgo(39)),
    ];
    const moreDone: string[] = [];
    for (let i = 0; i < 4; i++) {
      const m = await message(daysAgo(60 + i));
      moreDone.push(m);
      doneDeliveries.push(await delivery(ep, m, 1, 'succeeded', daysAgo(60 + i)));
    }
    // Old, but a retry is still pending: the whole chain stays.
    const retrying = await message(daysAgo(45));
    const retryingDeliveries = [
      await delivery(ep, retrying, 1, 'failed', daysAgo(45)),
      await delivery(ep, retrying, 2, 'pending', daysAgo(44)),
    ];
    // Old, replayed recently: the old attempt goes, the replay and the message stay.
    const replayed = await message(daysAgo(50));
    const oldAttempt = await delivery(ep, replayed, 1, 'succeeded', daysAgo(50));
    const replay = await delivery(ep, replayed, 1, 'succeeded', daysAgo(2), oldAttempt);
    // Recent.
    const recent = await message(daysAgo(1));
    const recentDelivery = await delivery(ep, recent, 1, 'failed', daysAgo(1));

    const deleted = await purgeOnTwoInstances();

    expect(deleted.webhook_delivery).toBe(doneDeliveries.length + 1);
    expect(deleted.webhook_message).toBe(1 + moreDone.length);
    const deliveries = await ids('webhook_delivery');
    expect([...doneDeliveries, oldAttempt].filter((id) => deliveries.has(id))).toEqual([]);
    expect([...retryingDeliveries, replay, recentDelivery].every((id) => deliveries.has(id))).toBe(true);
    const messages = await ids('webhook_message');
    expect([done, ...moreDone].filter((id) => messages.has(id))).toEqual([]);
    expect([retrying, replayed, recent].every((id) => messages.has(id))).toBe(true);
  });

  it('deletes the SMS and email log and finished dispatches after OUTBOUND_MESSAGE_RETENTION_DAYS; never pending ones', async () => {
    const old = [
      await outbound(daysAgo(100), 'sent'),
      await outbound(daysAgo(91), 'failed'),
      await outbound(daysAgo(120), 'skipped'),
      await outbound(daysAgo(200), 'sent'),
      await outbound(daysAgo(200), 'sent'),
    ];
    const kept = [await outbound(daysAgo(100), 'pending'), await outbound(daysAgo(89), 'sent')];
    const oldDispatches = [
      await dispatch(daysAgo(100), 'sent'),
      await dispatch(daysAgo(100), 'skipped'),
      await dispatch(daysAgo(95), 'failed'),
      await dispatch(daysAgo(95), 'sent'),
    ];
    const keptDispatches = [await dispatch(daysAgo(100), 'pending'), await dispatch(daysAgo(10), 'sent')];

    const deleted = await purgeOnTwoInstances();

    expect(deleted.outbound_message).toBe(old.length);
    expect(deleted.notification_dispatch).toBe(oldDispatches.length);
    const left = await ids('outbound_message');
    expect(old.filter((id) => left.has(id))).toEqual([]);
    expect(kept.every((id) => left.has(id))).toBe(true);
    const dispatches = await ids('notification_dispatch');
    expect(oldDispatches.filter((id) => dispatches.has(id))).toEqual([]);
    expect(keptDispatches.every((id) => dispatches.has(id))).toBe(true);
  });
});

/** The running service purges on its own, its in-app notifications and its consumer inbox alike. */
describe('notifications retention in the running service', () => {
  let notifications: IssuedTestService;

  beforeAll(async () => {
    notifications = await startNotifications({ RETENTION_PURGE_INTERVAL_MS: '200' });
  });

  afterAll(async () => {
    await notifications?.close();
  });

  it('deletes old inbox rows (the default 21 days outlive the topics) and old notifications every interval', async () => {
    const { dataSource } = notifications;
    const [oldEvent, newEvent, oldNotification, newNotification] = Array.from({ length: 4 }, () =>
      randomUUID(),
    );
    await dataSource.query(
      `INSERT INTO inbox (consumer, event_id, event_type, topic, "partition", "offset", received_at)
       VALUES ('notifications', $1, 'referral.submitted', 'referrals.referral.v1', 0, 0, now() - interval '22 days'),
              ('notifications', $2, 'referral.submitted', 'referrals.referral.v1', 0, 1, now() - interval '20 days')`,
      [oldEvent, newEvent],
    );
    await dataSource.query(
      `INSERT INTO notification (id, type, organization_id, title, body, source_event_id, created_at)
       VALUES ($1, 'referral.submitted', $3, 'Old', 'Old', $4, now() - interval '181 days'),
              ($2, 'referral.submitted', $3, 'New', 'New', $5, now() - interval '179 days')`,
      [oldNotification, newNotification, randomUUID(), randomUUID(), randomUUID()],
    );
    const exists = async (table: string, column: string, id: string) =>
      (await dataSource.query(`SELECT 1 FROM ${table} WHERE ${column} = $1`, [id])).length > 0;

    await waitUntil(
      async () =>
        !(await exists('inbox', 'event_id', oldEvent)) &&
        !(await exists('notification', 'id', oldNotification)),
      'the purge',
      20_000,
    );
    expect(await exists('inbox', 'event_id', newEvent)).toBe(true);
    expect(await exists('notification', 'id', newNotification)).toBe(true);
  });
});
