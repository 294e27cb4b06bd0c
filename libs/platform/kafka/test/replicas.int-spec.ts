import { randomUUID } from 'node:crypto';
import { Partitioners, type Admin, type Kafka } from 'kafkajs';
import pino from 'pino';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import {
  createEnvelope,
  dlqTopicOf,
  encodeData,
  getEventDefinition,
  toKafkaHeaders,
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
} from '@referral/testing';

class ReplicaTables1700000000002 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await createOutboxTables(queryRunner);
    await createInboxTables(queryRunner);
    // What the handlers do: append a row naming the instance. No unique key: only the inbox keeps a
    // second delivery from applying twice.
    await queryRunner.query(
      `CREATE TABLE effects (id bigserial PRIMARY KEY, subject text NOT NULL, at text NOT NULL, instance text NOT NULL)`,
    );
  }
  async down(): Promise<void> {}
}

const TYPE = 'referral.submitted';
/**
 * A topic of this spec's own, made and deleted by it (the relay publishes to the outbox row's topic): no
 * other test's events to read past, and a new consumer group starts at its beginning.
 */
const TOPIC = `replicas-test-${randomUUID()}`;
const PARTITIONS = 3;
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** The n-th event of an aggregate: its order is in `occurredAt`. */
const eventData = (subject: string, n: number) => ({
  ...(getEventDefinition(TYPE).sample as object),
  referralId: subject,
  occurredAt: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
});

/** The partition the producers put a key on (kafkajs' default partitioner, as the relay uses). */
const partitionOf = (() => {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: PARTITIONS }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));
  return (key: string) => partitioner({ topic: TOPIC, partitionMetadata, message: { key, value: null } });
})();

/** `count` aggregate ids whose events land on every partition of the topic. */
function subjectsOnEveryPartition(count: number): string[] {
  const subjects: string[] = [];
  for (let partition = 0; subjects.length < count; partition = (partition + 1) % PARTITIONS) {
    let subject = randomUUID();
    while (partitionOf(subject) !== partition) subject = randomUUID();
    subjects.push(subject);
  }
  return subjects;
}

/**
 * Several replicas of a service on one database and one consumer group: what the outbox lease and the
 * consumer group with its inbox must keep true. Each "instance" is what a replica has of its own: a
 * DataSource (its own connections, so PostgreSQL sees two clients), an OutboxRelay, an
 * EventConsumerServer (its own Kafka consumer, in the group they share) — two of them in this process.
 */
describe('event platform: two instances on one database and one consumer group (real PostgreSQL and Kafka)', () => {
  let db: TestDatabase;
  let kafka: Kafka;
  let admin: Admin;
  let options: KafkaPlatformOptions;
  let outbox: Outbox;
  let recorder: TopicRecorder;
  let check: DataSource;
  const groupId = `replicas-test-${randomUUID()}`;
  const instances: {
    name: string;
    dataSource: DataSource;
    relay: OutboxRelay;
    consumer: EventConsumerServer;
  }[] = [];

  async function startInstance(name: string) {
    const dataSource = await new DataSource({ type: 'postgres', url: db.url, poolSize: 6 }).initialize();
    const relay = new OutboxRelay(kafka, options, dataSource);
    const consumer = new EventConsumerServer({
      kafka,
      dataSource,
      logger,
      groupId,
      topics: [TOPIC],
      maxAttempts: 3,
      retryBackoffMs: 20,
    });
    consumer.addHandler(
      TYPE,
      async (data: { referralId: string; occurredAt: string }, ctx: EventContext) => {
        await ctx.manager.query(`INSERT INTO effects (subject, at, instance) VALUES ($1, $2, $3)`, [
          data.referralId,
          data.occurredAt,
          name,
        ]);
      },
      true,
    );
    await new Promise<void>((resolve, reject) =>
      consumer.listen((error) => (error ? reject(error) : resolve())),
    );
    relay.start();
    const instance = { name, dataSource, relay, consumer };
    instances.push(instance);
    return instance;
  }

  /** Writes `perSubject` events for each subject, each in its own transaction, alternating instances. */
  async function writeThroughBoth(subjects: string[], perSubject: number): Promise<Map<string, string[]>> {
    const ids = new Map<string, string[]>(subjects.map((s) => [s, []]));
    // Subjects at once, each one's events one after another (as one referral's changes are).
    await Promise.all(
      subjects.map(async (subject, k) => {
        for (let n = 0; n < perSubject; n++) {
          const { dataSource } = instances[(k + n) % instances.length];
          await dataSource.transaction(async (manager) => {
            const event = await outbox.add(manager, { type: TYPE, subject, data: eventData(subject, n) });
            await manager.query(`UPDATE outbox SET topic = $2 WHERE id = $1`, [event.id, TOPIC]);
            ids.get(subject)!.push(event.id);
          });
        }
      }),
    );
    return ids;
  }

  const effects = async (subjects: string[]) =>
    (await check.query(`SELECT subject, at, instance FROM effects WHERE subject = ANY($1) ORDER BY id`, [
      subjects,
    ])) as { subject: string; at: string; instance: string }[];

  beforeAll(async () => {
    const infra = await testInfrastructure();
    db = await createTestDatabase(infra.databaseUrl, 'replicas', [ReplicaTables1700000000002]);
    check = await new DataSource({ type: 'postgres', url: db.url, poolSize: 2 }).initialize();
    options = {
      service: 'replicas-test',
      brokers: infra.kafkaBrokers,
      topicPartitions: PARTITIONS,
      topicReplicationFactor: 1,
      outboxPollIntervalMs: 100,
      consumerMaxAttempts: 3,
      consumerRetryBackoffMs: 20,
      consumes: [TOPIC],
      logger,
    };
    kafka = createKafka(options.service, options.brokers, logger);
    await ensureTopics(kafka, {
      topics: [TOPIC],
      deadLettered: [TOPIC],
      partitions: PARTITIONS,
      replicationFactor: 1,
    });
    outbox = new Outbox(options);
    recorder = await new TopicRecorder(testKafka(infra.kafkaBrokers), [TOPIC]).start();
    admin = kafka.admin();
    await admin.connect();
    await Promise.all([startInstance('a'), startInstance('b')]);
    // Both consumers hold partitions of the group before anything is written.
    await waitUntil(
      async () => {
        const { groups } = await admin.describeGroups([groupId]);
        return (
          groups[0]?.state === 'Stable' &&
          groups[0].members.length === 2 &&
          groups[0].members.every((m) => m.memberAssignment.length > 0)
        );
      },
      'both consumers in the group, with partitions',
      20_000,
      50,
    );
  }, 30_000);

  afterAll(async () => {
    await recorder?.stop();
    // Both leave the group at once (each waits for its fetch in flight, up to 5 s).
    await Promise.all(instances.map(({ consumer }) => consumer.close()));
    for (const { relay, dataSource } of instances) {
      await relay.stop();
      await dataSource.destroy();
    }
    await admin?.deleteTopics({ topics: [TOPIC, dlqTopicOf(TOPIC)] }).catch(() => undefined);
    await admin?.disconnect();
    await check?.destroy();
    await db?.drop();
  });

  it("publishes every event once, each aggregate's in the order written, while both relays drain", async () => {
    const subjects = subjectsOnEveryPartition(12);
    const ids = await writeThroughBoth(subjects, 10);
    const all = new Set([...ids.values()].flat());
    const ours = () => recorder.messages.filter((m) => all.has(m.headers.ce_id));
    await recorder.waitFor(
      () => new Set(ours().map((m) => m.headers.ce_id)).size === all.size,
      'the 120 events',
    );
    await waitUntil(
      async () =>
        Number((await check.query(`SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`))[0].n) === 0,
      'every outbox row marked published',
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // a second publication would show by now

    const published = ours();
    expect(published.map((m) => m.headers.ce_id).sort()).toEqual([...all].sort()); // none twice
    for (const subject of subjects) {
      expect(published.filter((m) => m.key === subject).map((m) => m.headers.ce_id)).toEqual(
        ids.get(subject),
      );
    }
  });

  it('shares the partitions between the two consumers and applies each event once, in order per aggregate', async () => {
    const subjects = subjectsOnEveryPartition(9);
    await writeThroughBoth(subjects, 6);
    await waitUntil(async () => (await effects(subjects)).length >= subjects.length * 6, 'the 54 effects');
    await new Promise((resolve) => setTimeout(resolve, 300));

    const applied = await effects(subjects);
    expect(applied).toHaveLength(subjects.length * 6);
    for (const subject of subjects) {
      const mine = applied.filter((e) => e.subject === subject);
      expect(mine.map((e) => e.at)).toEqual([0, 1, 2, 3, 4, 5].map((n) => eventData(subject, n).occurredAt));
      // One partition, one consumer: an aggregate's events are applied by one instance.
      expect(new Set(mine.map((e) => e.instance)).size).toBe(1);
    }
    // The subjects cover every partition, and each consumer holds at least one.
    expect(new Set(applied.map((e) => e.instance))).toEqual(new Set(['a', 'b']));
  });

  it('applies once an event both instances receive at once (a copy on every partition): the inbox decides', async () => {
    const subject = randomUUID();
    const envelope = createEnvelope({
      type: TYPE,
      subject,
      data: eventData(subject, 0),
      source: '/replicas-test',
    });
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic: TOPIC,
        messages: Array.from({ length: PARTITIONS }, (_, partition) => ({
          partition,
          key: subject,
          value: encodeData(envelope),
          headers: toKafkaHeaders(envelope),
        })),
      });
    } finally {
      await producer.disconnect();
    }
    // Every copy handled (committed as applied or as a duplicate) by whichever instance holds it.
    const offsetsCommitted = async () => {
      const [{ partitions }] = await admin.fetchOffsets({ groupId, topics: [TOPIC] });
      const ends = await admin.fetchTopicOffsets(TOPIC);
      return ends.every(
        (end) => partitions.find((p) => p.partition === end.partition)?.offset === end.offset,
      );
    };
    await waitUntil(offsetsCommitted, 'every copy consumed', 15_000, 50);

    const applied = await effects([subject]);
    expect(applied).toHaveLength(1);
    const inbox = await check.query(`SELECT consumer FROM inbox WHERE event_id = $1`, [envelope.id]);
    expect(inbox).toEqual([{ consumer: groupId }]);
  });
});
