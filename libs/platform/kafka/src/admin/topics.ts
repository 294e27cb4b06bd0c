import type { Kafka } from 'kafkajs';
import { dlqTopicOf } from '@referral/contracts';

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
