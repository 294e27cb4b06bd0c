import type { Logger } from 'pino';

export interface KafkaPlatformOptions {
  /** Service name: the Kafka client id, the CloudEvents `source`, the inbox's consumer name. */
  service: string;
  brokers: string[];
  topicPartitions: number;
  topicReplicationFactor: number;
  outboxPollIntervalMs: number;
  /** Published rows older than this are deleted; unpublished rows are never deleted. */
  outboxRetentionHours?: number;
  consumerMaxAttempts: number;
  consumerRetryBackoffMs: number;
  /** Topics this service consumes; empty for a service that only publishes. */
  consumes: string[];
  /** Consumer group id; defaults to the service name. */
  groupId?: string;
  logger: Logger;
}

export const KAFKA_OPTIONS = Symbol('KAFKA_OPTIONS');
export const KAFKA = Symbol('KAFKA');
