import type { Logger } from 'pino';
import type { KafkaConnectionSecurity } from '@referral/platform-config';
import type { Clock } from '@referral/platform-database';

export interface KafkaPlatformOptions {
  /** Service name: the Kafka client id, the CloudEvents `source`, the inbox's consumer name. */
  service: string;
  brokers: string[];
  /** TLS and SASL to the brokers (KAFKA_SSL*, KAFKA_SASL_*); plaintext without authentication when empty. */
  security?: KafkaConnectionSecurity;
  topicPartitions: number;
  topicReplicationFactor: number;
  outboxPollIntervalMs: number;
  /** Published rows older than this are deleted; unpublished rows are never deleted. */
  outboxRetentionHours?: number;
  /**
   * Inbox rows older than this are deleted, once the consumed topics' retention is known to be shorter
   * (default 14).
   */
  inboxRetentionDays?: number;
  /** How often the inbox purge runs (default 10 minutes); 0 turns it off. */
  retentionPurgeIntervalMs?: number;
  /** Inbox rows deleted per statement (default 1000). */
  retentionPurgeBatchSize?: number;
  consumerMaxAttempts: number;
  consumerRetryBackoffMs: number;
  /** Topics this service consumes; empty for a service that only publishes. */
  consumes: string[];
  /** Consumer group id; defaults to the service name. */
  groupId?: string;
  /**
   * Further consumer groups of the service, each `<groupId>.<name>` with an inbox of its own: a
   * projection that must read a stream at its own pace, from the beginning, whatever the main group
   * has done (a report built from the service's own events). Their handlers are marked
   * `@OnEvent(type, { consumer: name })`; the main group serves only unmarked ones.
   */
  consumerGroups?: ConsumerGroupOptions[];
  logger: Logger;
  /** Where "now" comes from for retention (the service's Clock); the system's by default. */
  clock?: Clock;
}

export interface ConsumerGroupOptions {
  /** Kebab-case; the group id is `<groupId>.<name>`. */
  name: string;
  topics: string[];
}

/** Every topic the service consumes, in any of its groups (their dead-letter topics must exist). */
export function consumedTopics(options: Pick<KafkaPlatformOptions, 'consumes' | 'consumerGroups'>): string[] {
  return [...new Set([...options.consumes, ...(options.consumerGroups ?? []).flatMap((g) => g.topics)])];
}

export const KAFKA_OPTIONS = Symbol('KAFKA_OPTIONS');
export const KAFKA = Symbol('KAFKA');
/** The EventConsumerServers of `consumerGroups` (the main group's is `EventConsumerServer` itself). */
export const CONSUMER_GROUPS = Symbol('CONSUMER_GROUPS');
