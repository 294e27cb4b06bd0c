import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import pino from 'pino';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { TOPICS } from '@referral/contracts';
import {
  createInboxTables,
  createKafka,
  ensureTopics,
  InboxPurge,
  longestRedeliveryWindowMs,
  type KafkaPlatformOptions,
} from '../src';
import { createTestDatabase, testInfrastructure, type TestDatabase } from '@referral/testing';

class InboxTables1700000000001 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await createInboxTables(queryRunner);
  }
  async down(): Promise<void> {}
}

const DAY_MS = 86_400_000;
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

describe('inbox retention on real PostgreSQL and Kafka', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let kafka: Kafka;
  let brokers: string[];
  /** A topic kept 3 days whose segments roll daily: a record is readable for at most 4 days. */
  const shortTopic = `inbox-retention-test-${randomUUID()}`;

  const purge = (options: Partial<KafkaPlatformOptions>) =>
    new InboxPurge(
      kafka,
      {
        service: 'inbox-retention-test',
        brokers,
        topicPartitions: 1,
        topicReplicationFactor: 1,
        outboxPollIntervalMs: 1000,
        consumerMaxAttempts: 3,
        consumerRetryBackoffMs: 20,
        consumes: [shortTopic],
        retentionPurgeIntervalMs: 0,
        retentionPurgeBatchSize: 7,
        logger,
        ...options,
      },
      dataSource,
    );

  /** Inbox rows received `daysAgo` days ago; returns their event ids. */
  async function received(count: number, daysAgo: number): Promise<string[]> {
    const ids = Array.from({ length: count }, () => randomUUID());
    await dataSource.query(
      `INSERT INTO inbox (consumer, event_id, event_type, topic, "partition", "offset", received_at)
       SELECT 'inbox-retention-test', id, 'referral.submitted', $2, 0, 0, now() - make_interval(days => $3)
         FROM unnest($1::uuid[]) AS id`,
      [ids, shortTopic, daysAgo],
    );
    return ids;
  }

  const remaining = async (): Promise<Set<string>> =>
    new Set(
      (await dataSource.query(`SELECT event_id FROM inbox`)).map((r: { event_id: string }) => r.event_id),
    );

  /** Rounds until a round deletes nothing. */
  async function drain(instance: InboxPurge): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await instance.runOnce();
      total += deleted;
      if (deleted === 0) return total;
    }
  }

  beforeAll(async () => {
    const infra = await testInfrastructure();
    brokers = infra.kafkaBrokers;
    db = await createTestDatabase(infra.databaseUrl, 'inbox_retention', [InboxTables1700000000001]);
    dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    kafka = createKafka('inbox-retention-test', brokers, logger);
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: shortTopic,
            numPartitions: 1,
            replicationFactor: 1,
            configEntries: [
              { name: 'retention.ms', value: String(3 * DAY_MS) },
              { name: 'segment.ms', value: String(DAY_MS) },
            ],
          },
        ],
      });
    } finally {
      await admin.disconnect();
    }
    await ensureTopics(kafka, {
      topics: [TOPICS.referral],
      deadLettered: [],
      partitions: 3,
      replicationFactor: 1,
    });
  });

  afterAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [shortTopic] }).catch(() => undefined);
    await admin.disconnect();
    await dataSource?.destroy();
    await db?.drop();
  });

  beforeEach(() => dataSource.query(`DELETE FROM inbox`));

  it('reads how long the consumed topics keep a record: retention plus segment roll', async () => {
    expect(await longestRedeliveryWindowMs(kafka, [shortTopic])).toBe(4 * DAY_MS);
    // The service topics are created with the broker's defaults: 7 days plus a 7-day roll.
    expect(await longestRedeliveryWindowMs(kafka, [TOPICS.referral])).toBeGreaterThanOrEqual(14 * DAY_MS);
  });

  it('deletes exactly the rows older than the retention, two instances at once, in batches', async () => {
    const old = await received(40, 6);
    const recent = [...(await received(15, 4)), ...(await received(5, 0))];
    const [a, b] = [purge({ inboxRetentionDays: 5 }), purge({ inboxRetentionDays: 5 })];

    const [byA, byB] = await Promise.all([drain(a), drain(b)]);

    expect(byA + byB).toBe(old.length); // no row counted twice
    const left = await remaining();
    expect(old.filter((id) => left.has(id))).toEqual([]);
    expect(recent.every((id) => left.has(id))).toBe(true);
    expect(left.size).toBe(recent.length);
  });

  it('deletes nothing while the topics may still redeliver what the rows would stop', async () => {
    await received(10, 30);
    // 4 days of inbox for topics that keep a record up to 4 days: a redelivery could apply twice.
    expect(await drain(purge({ inboxRetentionDays: 4 }))).toBe(0);
    // The broker's defaults (14 days) against 10 days of inbox.
    expect(await drain(purge({ inboxRetentionDays: 10, consumes: [TOPICS.referral] }))).toBe(0);
    expect((await remaining()).size).toBe(10);
    // The default retention (21 days) outlives the broker's defaults.
    expect(await drain(purge({ consumes: [TOPICS.referral] }))).toBe(10);
  });
});
