import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { ALL_TOPICS, dlqTopicOf } from '@referral/contracts';
import { kafkaBrokers, kafkaConnectionSecurity, type KafkaClientEnv } from '@referral/platform-config';
import { createKafka } from '../kafka-client';

export interface TopicLayout {
  topics: string[];
  /** Topics whose dead-letter topic must exist (those the service consumes). */
  deadLettered: string[];
  partitions: number;
  replicationFactor: number;
}

/**
 * Creates the topics explicitly (brokers run with auto-creation off). Existing topics are left as
 * they are; a DLQ gets one partition per source partition so ordering diagnostics stay readable.
 */
export async function ensureTopics(kafka: Kafka, layout: TopicLayout): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = [...new Set([...layout.topics, ...layout.deadLettered.map(dlqTopicOf)])];
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: layout.partitions,
          replicationFactor: layout.replicationFactor,
        })),
      });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Every topic of the contracts and its dead-letter topic, with the layout of the environment: what the
 * services create at start for themselves, done once before a rollout (the Helm chart's topics job,
 * `node dist/libs/platform/kafka/src/admin/create-topics.js`), so that services whose Kafka user may
 * not create topics find them there. Returns the topics it created.
 */
export async function ensureAllTopics(
  env: Pick<KafkaClientEnv, 'KAFKA_BROKERS' | 'KAFKA_TOPIC_PARTITIONS' | 'KAFKA_TOPIC_REPLICATION_FACTOR'> &
    Parameters<typeof kafkaConnectionSecurity>[0],
  logger: Logger,
): Promise<string[]> {
  const kafka = createKafka('topics', kafkaBrokers(env), logger, kafkaConnectionSecurity(env));
  return ensureTopics(kafka, {
    topics: ALL_TOPICS,
    deadLettered: ALL_TOPICS,
    partitions: env.KAFKA_TOPIC_PARTITIONS,
    replicationFactor: env.KAFKA_TOPIC_REPLICATION_FACTOR,
  });
}
