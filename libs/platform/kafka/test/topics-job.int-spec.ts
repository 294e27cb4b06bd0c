import pino from 'pino';
import { ALL_TOPICS, dlqTopicOf } from '@referral/contracts';
import { testInfrastructure, testKafka } from '@referral/testing';
import { ensureAllTopics } from '../src';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

// The Helm chart's topics job (create-topics.ts) on a real broker: what it leaves behind is every topic
// of the contracts and every dead-letter topic, including ones no service creates for itself (no
// service consumes notifications.delivery.v1, so none creates its DLQ).
describe('the topics job on a real broker', () => {
  it('creates every topic of the contracts and its DLQ, then finds nothing left to create', async () => {
    const { kafkaBrokers } = await testInfrastructure();
    const env = {
      KAFKA_BROKERS: kafkaBrokers.join(','),
      KAFKA_TOPIC_PARTITIONS: 2,
      KAFKA_TOPIC_REPLICATION_FACTOR: 1,
      KAFKA_SSL: 'false' as const,
    };
    await ensureAllTopics(env, logger);

    const admin = testKafka(kafkaBrokers).admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const wanted = [...ALL_TOPICS, ...ALL_TOPICS.map(dlqTopicOf)];
      expect(wanted.filter((topic) => !existing.has(topic))).toEqual([]);
    } finally {
      await admin.disconnect();
    }
    expect(await ensureAllTopics(env, logger)).toEqual([]);
  });

  it('authenticates with the SASL mechanism of the environment: this broker, without SASL, refuses it', async () => {
    const { kafkaBrokers } = await testInfrastructure();
    const env = {
      KAFKA_BROKERS: kafkaBrokers.join(','),
      KAFKA_TOPIC_PARTITIONS: 1,
      KAFKA_TOPIC_REPLICATION_FACTOR: 1,
      KAFKA_SSL: 'false' as const,
      KAFKA_SASL_MECHANISM: 'scram-sha-512' as const,
      KAFKA_SASL_USERNAME: 'synthetic',
      KAFKA_SASL_PASSWORD: 'synthetic-password',
    };
    // The SaslHandshake kafkajs sends first is what the plaintext listener does not expect.
    await expect(ensureAllTopics(env, logger)).rejects.toThrow(/SASL/);
  });
});
