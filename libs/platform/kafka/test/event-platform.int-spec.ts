import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import pino from 'pino';
import { DataSource, type Logger, type MigrationInterface, type QueryRunner } from 'typeorm';
import {
  createEnvelope,
  dlqTopicOf,
  encodeData,
  getEventDefinition,
  toKafkaHeaders,
  TOPICS,
} from '@referral/contracts';
import {
  createInboxTables,
  createKafka,
  createOutboxTables,
  ensureTopics,
  EventConsumerServer,
  Outbox,
  OutboxRelay,
  type EventContext,
  type KafkaPlatformOptions,
} from '../src';
import {
  createTestDatabase,
  testInfrastructure,
  testKafka,
  TopicRecorder,
  waitUntil,
  type TestDatabase,
  type TestInfrastructure,
} from '@referral/testing';

class PlatformTables1700000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await createOutboxTables(queryRunner);
    await createInboxTables(queryRunner);
    // What handlers do in these tests: append a row. No unique key, so only the inbox prevents a
    // duplicate effect.
    await queryRunner.query(`CREATE TABLE effects (id bigserial PRIMARY KEY, subject text NOT NULL)`);
  }
  async down(): Promise<void> {}
}

const TYPE = 'referral.submitted';
const TOPIC = TOPICS.referral;
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

function referralData(referralId: string) {
  return { ...(getEventDefinition(TYPE).sample as object), referralId };
}

describe('event platform on real PostgreSQL and Kafka', () => {
  let infra: TestInfrastructure;
  let db: TestDatabase;
  let dataSource: DataSource;
  let kafka: Kafka;
  let options: KafkaPlatformOptions;
  let outbox: Outbox;
  let relay: OutboxRelay;
  let consumer: EventConsumerServer;
  let recorder: TopicRecorder;
  /** Subjects whose handler always fails: the poison. */
  const poisoned = new Set<string>();
  /** Subjects whose handler first meets an unreachable database this many times. */
  const databaseOutages = new Map<string, number>();
  /** How many times each subject's after-commit callback ran. */
  const afterCommits = new Map<string, number>();

  /** Commits a state change and its event together, as a service does. */
  async function publish(subject: string, fail = false): Promise<string> {
    let eventId = '';
    await dataSource
      .transaction(async (manager) => {
        await manager.query(`SELECT 1`);
        eventId = (await outbox.add(manager, { type: TYPE, subject, data: referralData(subject) })).id;
        if (fail) throw new Error('the state change failed');
      })
      .catch((error: Error) => {
        if (!fail) throw error;
      });
    return eventId;
  }

  const effectsOf = async (subject: string): Promise<number> =>
    Number((await dataSource.query(`SELECT count(*) AS n FROM effects WHERE subject = $1`, [subject]))[0].n);

  beforeAll(async () => {
    infra = await testInfrastructure();
    db = await createTestDatabase(infra.databaseUrl, 'platform', [PlatformTables1700000000000]);
    dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    options = {
      service: 'platform-test',
      brokers: infra.kafkaBrokers,
      topicPartitions: 3,
      topicReplicationFactor: 1,
      outboxPollIntervalMs: 200,
      consumerMaxAttempts: 3,
      consumerRetryBackoffMs: 20,
      consumes: [TOPIC],
      logger,
    };
    kafka = createKafka(options.service, options.brokers, logger);
    await ensureTopics(kafka, {
      topics: Object.values(TOPICS),
      deadLettered: [TOPIC],
      partitions: 3,
      replicationFactor: 1,
    });
    outbox = new Outbox(options);
    relay = new OutboxRelay(kafka, options, dataSource);
    relay.start();

    consumer = new EventConsumerServer({
      kafka,
      dataSource,
      logger,
      groupId: `platform-test-${randomUUID()}`,
      topics: [TOPIC],
      maxAttempts: 3,
      retryBackoffMs: 20,
    });
    consumer.addHandler(
      TYPE,
      async (data: { referralId: string }, ctx: EventContext) => {
        // Registered before anything can fail: it must run only when the transaction commits.
        ctx.afterCommit(() =>
          afterCommits.set(data.referralId, (afterCommits.get(data.referralId) ?? 0) + 1),
        );
        if (poisoned.has(data.referralId)) throw new Error(`cannot handle ${data.referralId}`);
        const outages = databaseOutages.get(data.referralId) ?? 0;
        if (outages > 0) {
          databaseOutages.set(data.referralId, outages - 1);
          throw Object.assign(new Error('connection failure'), { code: '08006' });
        }
        await ctx.manager.query(`INSERT INTO effects (subject) VALUES ($1)`, [data.referralId]);
      },
      true,
    );
    await new Promise<void>((resolve, reject) =>
      consumer.listen((error) => (error ? reject(error) : resolve())),
    );
    recorder = await new TopicRecorder(testKafka(infra.kafkaBrokers), [TOPIC, dlqTopicOf(TOPIC)]).start();
  });

  afterAll(async () => {
    await recorder?.stop();
    await consumer?.close();
    await relay?.stop();
    await dataSource?.destroy();
    await db?.drop();
  });

  const published = (eventId: string) =>
    recorder.messages.filter((m) => m.topic === TOPIC && m.headers.ce_id === eventId);

  it('publishes a committed event with its CloudEvents headers, keyed by the aggregate', async () => {
    const subject = randomUUID();
    const eventId = await publish(subject);
    await recorder.waitFor(() => published(eventId).length > 0, `event ${eventId} on ${TOPIC}`);
    const [message] = published(eventId);
    expect(message.key).toBe(subject);
    expect(message.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_type: TYPE,
      ce_source: '/platform-test',
      ce_subject: subject,
      ce_dataschema: `urn:schemas:${TOPIC}`,
      'content-type': 'application/json',
    });
    expect(JSON.parse(message.value!).referralId).toBe(subject);
    await waitUntil(async () => (await effectsOf(subject)) === 1, 'the consumer effect');
    const [row] = await dataSource.query(`SELECT published_at FROM outbox WHERE id = $1`, [eventId]);
    expect(row.published_at).not.toBeNull();
  });

  it('publishes nothing when the transaction rolls back', async () => {
    const rolledBack = randomUUID();
    const eventId = await publish(rolledBack, true);
    expect(eventId).not.toBe('');
    // A committed event written after it arrives; by then the rolled-back one would have too.
    const later = randomUUID();
    const laterId = await publish(later);
    await recorder.waitFor(() => published(laterId).length > 0, 'the later committed event');
    await waitUntil(async () => (await effectsOf(later)) === 1, 'the later effect');
    expect(published(eventId)).toHaveLength(0);
    expect(recorder.messages.some((m) => m.key === rolledBack)).toBe(false);
    expect(await dataSource.query(`SELECT 1 FROM outbox WHERE id = $1`, [eventId])).toHaveLength(0);
    expect(await effectsOf(rolledBack)).toBe(0);
  });

  it('has the effect of an event delivered twice once', async () => {
    const subject = randomUUID();
    const envelope = createEnvelope({
      type: TYPE,
      subject,
      data: referralData(subject),
      source: '/platform-test',
    });
    const message = { key: subject, value: encodeData(envelope), headers: toKafkaHeaders(envelope) };
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: TOPIC, messages: [message] });
    await producer.send({ topic: TOPIC, messages: [message] });
    await producer.disconnect();
    const marker = randomUUID();
    await publish(marker); // behind both copies on the same consumer: once it is done, so are they
    await recorder.waitFor(
      () => recorder.messages.filter((m) => m.headers.ce_id === envelope.id).length === 2,
      'both copies on the topic',
    );
    await waitUntil(async () => (await effectsOf(marker)) === 1, 'the marker effect');
    await waitUntil(async () => (await effectsOf(subject)) >= 1, 'the duplicated event effect');
    expect(await effectsOf(subject)).toBe(1);
    expect(afterCommits.get(subject)).toBe(1);
    const inbox = await dataSource.query(`SELECT count(*) AS n FROM inbox WHERE event_id = $1`, [
      envelope.id,
    ]);
    expect(Number(inbox[0].n)).toBe(1);
  });

  it('dead-letters a poison message after bounded retries and keeps processing the partition', async () => {
    const poison = randomUUID();
    poisoned.add(poison);
    const poisonId = await publish(poison);
    const after = randomUUID();
    await publish(after);
    const dlq = await recorder.waitFor(
      (messages) => messages.some((m) => m.topic === dlqTopicOf(TOPIC) && m.headers.ce_id === poisonId),
      'the poison message on the DLQ',
    );
    const dead = dlq.find((m) => m.topic === dlqTopicOf(TOPIC) && m.headers.ce_id === poisonId)!;
    expect(dead.key).toBe(poison);
    expect(dead.headers['dlq-error-message']).toBe(`cannot handle ${poison}`);
    expect(dead.headers['dlq-attempts']).toBe('3');
    expect(dead.headers['dlq-original-topic']).toBe(TOPIC);
    expect(dead.headers.ce_type).toBe(TYPE);
    await waitUntil(async () => (await effectsOf(after)) === 1, 'the message after the poison');
    expect(await effectsOf(poison)).toBe(0);
    expect(afterCommits.get(poison)).toBeUndefined(); // three attempts rolled back
    expect(afterCommits.get(after)).toBe(1);
  });

  it('keeps retrying, past the attempt limit, while the database is unreachable', async () => {
    const subject = randomUUID();
    databaseOutages.set(subject, 6); // twice the attempts that would dead-letter a poison message
    const eventId = await publish(subject);
    await waitUntil(async () => (await effectsOf(subject)) === 1, 'the effect once the database is back');
    expect(databaseOutages.get(subject)).toBe(0);
    expect(afterCommits.get(subject)).toBe(1); // six attempts failed before the one that committed
    expect(recorder.messages.some((m) => m.topic === dlqTopicOf(TOPIC) && m.headers.ce_id === eventId)).toBe(
      false,
    );
  });

  it('purges published rows past the retention and never an unpublished one', async () => {
    const [oldPublished, oldPending, recent] = [randomUUID(), randomUUID(), randomUUID()];
    const insert = (id: string, publishedAt: string | null) =>
      dataSource.query(
        `INSERT INTO outbox (id, topic, key, type, headers, payload, created_at, published_at)
         VALUES ($1::uuid, 'referrals.referral.v1', $1::text, 'referral.submitted', '{}', '{}', now() - interval '100 hours', $2::timestamptz)`,
        [id, publishedAt],
      );
    await relay.stop(); // so that the pending row stays pending while we look
    try {
      await insert(oldPublished, new Date(Date.now() - 100 * 3600_000).toISOString());
      await insert(oldPending, null);
      await insert(recent, new Date().toISOString());
      expect(await relay.purgePublished()).toBeGreaterThanOrEqual(1);
      const left = await dataSource.query(`SELECT id FROM outbox WHERE id = ANY($1::uuid[])`, [
        [oldPublished, oldPending, recent],
      ]);
      expect(left.map((r: { id: string }) => r.id).sort()).toEqual([oldPending, recent].sort());
    } finally {
      await dataSource.query(`DELETE FROM outbox WHERE id = $1`, [oldPending]);
      relay.start();
    }
  });

  it('dead-letters a message that breaks its contract at once', async () => {
    const subject = randomUUID();
    const envelope = createEnvelope({
      type: TYPE,
      subject,
      data: referralData(subject),
      source: '/platform-test',
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: TOPIC,
      messages: [{ key: subject, value: '{"referralId": "not-a-uuid"', headers: toKafkaHeaders(envelope) }],
    });
    await producer.disconnect();
    const dlq = await recorder.waitFor(
      (messages) => messages.some((m) => m.topic === dlqTopicOf(TOPIC) && m.headers.ce_id === envelope.id),
      'the malformed message on the DLQ',
    );
    expect(
      dlq.find((m) => m.headers.ce_id === envelope.id && m.topic.endsWith('.dlq'))!.headers['dlq-attempts'],
    ).toBe('1');
    expect(await effectsOf(subject)).toBe(0);
  });

  /**
   * Another service instance on the same database: its own pool and relay (polling only every minute,
   * so that only wake-ups can make it prompt) and a log of every statement, with its connection.
   */
  async function instance() {
    const statements: { sql: string; runner?: QueryRunner }[] = [];
    const logger: Logger = {
      logQuery: (sql, _parameters, runner) => void statements.push({ sql, runner }),
      logQueryError: () => undefined,
      logQuerySlow: () => undefined,
      logSchemaBuild: () => undefined,
      logMigration: () => undefined,
      log: () => undefined,
    };
    const source = await new DataSource({ type: 'postgres', url: db.url, poolSize: 4, logger }).initialize();
    const instanceRelay = new OutboxRelay(kafka, { ...options, outboxPollIntervalMs: 60_000 }, source);
    instanceRelay.start();
    // Listening, and the start's drains are over: from here on, rounds are ours to count.
    const state = instanceRelay as unknown as { listener?: unknown };
    await waitUntil(
      () => Boolean(state.listener) && !instanceRelay.isDraining,
      'the relay listening and idle',
    );
    statements.length = 0;
    const close = async () => {
      await instanceRelay.stop();
      await source.destroy();
    };
    return { dataSource: source, relay: instanceRelay, statements, close };
  }

  /** Commits events for these subjects in one transaction of `source`; returns their ids and connection. */
  async function write(source: DataSource, subjects: string[]) {
    const ids: string[] = [];
    let runner: QueryRunner | undefined;
    await source.transaction(async (manager) => {
      runner = manager.queryRunner;
      for (const subject of subjects) {
        ids.push((await outbox.add(manager, { type: TYPE, subject, data: referralData(subject) })).id);
      }
    });
    return { ids, runner: runner! };
  }

  const publishedAtSet = async (ids: string[]) =>
    Number(
      (
        await dataSource.query(
          `SELECT count(*) AS n FROM outbox WHERE id = ANY($1::uuid[]) AND published_at IS NOT NULL`,
          [ids],
        )
      )[0].n,
    ) === ids.length;

  it('keeps NOTIFY out of the writer and publishes an event in one round woken in-process after commit', async () => {
    await relay.stop(); // only the instance's relay may publish
    const a = await instance();
    try {
      const { ids, runner } = await write(a.dataSource, [randomUUID()]);
      const writer = a.statements.filter((s) => s.runner === runner).map((s) => s.sql);
      // The writer's transaction: begin, the INSERT, commit; no pg_notify (its lock at commit is cluster-wide).
      expect(writer.filter((sql) => /pg_notify/i.test(sql))).toEqual([]);
      expect(writer).toHaveLength(3);
      // Prompt although the instance polls once a minute: the commit woke its relay.
      await waitUntil(() => publishedAtSet(ids), 'the event marked published', 10_000, 20);
      await recorder.waitFor(() => published(ids[0]).length === 1, 'the event on the topic', 10_000);
      const round = a.statements.filter((s) => s.runner !== runner).map((s) => s.sql);
      // One round: begin, lease, read, mark, commit; and nobody else to notify.
      expect(round).toHaveLength(5);
      expect(round.filter((sql) => /^UPDATE outbox SET published_at/.test(sql))).toHaveLength(1);
      expect(round.filter((sql) => /pg_notify/i.test(sql))).toEqual([]);
    } finally {
      await a.close();
      relay.start();
    }
  });

  it('publishes a batch of 50 in one round of five statements, marked in one UPDATE, with no row locks', async () => {
    await relay.stop();
    const a = await instance();
    try {
      // Written through another pool, so the instance's relay is woken by nothing but this call.
      const { ids } = await write(
        dataSource,
        Array.from({ length: 50 }, () => randomUUID()),
      );
      a.statements.length = 0;
      expect(await a.relay.wake()).toBe(50);
      const round = a.statements.map((s) => s.sql);
      expect(round).toHaveLength(5);
      const read = round.find((sql) => /FROM outbox\s/.test(sql))!;
      expect(read).not.toMatch(/FOR UPDATE/);
      expect(round.filter((sql) => /^UPDATE outbox/.test(sql))).toHaveLength(1);
      expect(await publishedAtSet(ids)).toBe(true);
      await recorder.waitFor(() => ids.every((id) => published(id).length === 1), 'the 50 events', 10_000);
    } finally {
      await a.close();
      relay.start();
    }
  });

  it('publishes promptly an event written by one instance while another holds the lease', async () => {
    await relay.stop();
    const a = await instance();
    const b = await instance();
    // B's round is held inside its publish, the lease taken, until we let it go.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    try {
      let entered!: () => void;
      const inSend = new Promise<void>((resolve) => (entered = resolve));
      const relayB = b.relay as unknown as { send: (...args: unknown[]) => Promise<void> };
      const send = relayB.send.bind(b.relay);
      relayB.send = async (...args) => {
        relayB.send = send;
        entered();
        await gate;
        return send(...args);
      };
      const first = await write(b.dataSource, [randomUUID()]);
      await inSend;
      const second = await write(a.dataSource, [randomUUID()]);
      // A could not take the lease: it tells the holder (once, outside its writer's transaction).
      await waitUntil(
        () => a.statements.some((s) => s.runner !== second.runner && /pg_notify/i.test(s.sql)),
        "A's NOTIFY to the lease holder",
        10_000,
        20,
      );
      release();
      // Both instances poll once a minute: only the holder's second round can publish this now.
      await waitUntil(() => publishedAtSet([...first.ids, ...second.ids]), 'both events', 10_000, 20);
      await recorder.waitFor(
        () => published(first.ids[0]).length === 1 && published(second.ids[0]).length === 1,
        'both events on the topic',
        10_000,
      );
    } finally {
      release();
      await a.close();
      await b.close();
      relay.start();
    }
  });

  it('delivers every event written while the broker was down, once it is back', async () => {
    await infra.broker.stop();
    const subjects: string[] = [];
    const eventIds: string[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const subject = randomUUID();
        subjects.push(subject);
        eventIds.push(await publish(subject)); // writes succeed: the outbox keeps the events
      }
      const unpublished = async () =>
        Number(
          (
            await dataSource.query(
              `SELECT count(*) AS n FROM outbox WHERE id = ANY($1::uuid[]) AND published_at IS NULL`,
              [eventIds],
            )
          )[0].n,
        );
      expect(await unpublished()).toBe(20);
      // Stay down until the relay has tried and failed: the events must survive a failed publish,
      // not merely wait inside a send that outlives a short outage.
      await waitUntil(
        async () =>
          (
            await dataSource.query(`SELECT 1 FROM outbox WHERE id = ANY($1::uuid[]) AND attempts > 0`, [
              eventIds,
            ])
          ).length > 0,
        'a failed publish attempt while the broker is down',
        90_000,
        500,
      );
      expect(await unpublished()).toBe(20);
    } finally {
      await infra.broker.start();
    }
    await recorder.waitFor(
      () => eventIds.every((id) => published(id).length > 0),
      'all 20 events after the broker came back',
      120_000,
    );
    await waitUntil(
      async () => (await Promise.all(subjects.map(effectsOf))).every((n) => n === 1),
      'every effect exactly once',
      120_000,
    );
    expect(await Promise.all(subjects.map(effectsOf))).toEqual(subjects.map(() => 1));
  }, 240_000);
});
