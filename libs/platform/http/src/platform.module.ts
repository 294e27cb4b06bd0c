import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import {
  databaseSsl,
  kafkaBrokers,
  kafkaConnectionSecurity,
  type ServiceEnv,
} from '@referral/platform-config';
import {
  Clock,
  serviceDataSourceOptions,
  SystemClock,
  type ServiceDatabaseOptions,
} from '@referral/platform-database';
import { PlatformKafkaModule, type ConsumerGroupOptions } from '@referral/platform-kafka';
import { HealthController } from './health.controller';
import { LifecycleLogger, LOGGER } from './lifecycle-logger';
import type { OpenApiOptions } from './openapi';

export const SERVICE_ENV = Symbol('SERVICE_ENV');

export interface ServiceDefinition<E extends ServiceEnv = ServiceEnv> {
  /** e.g. `referrals`: Kafka client id and consumer group, CloudEvents source, log `service` field. */
  name: string;
  env: E;
  logger: Logger;
  entities: ServiceDatabaseOptions['entities'];
  migrations: ServiceDatabaseOptions['migrations'];
  /** Topics the service consumes through its `@EventPattern` handlers. */
  consumes?: string[];
  /** Further consumer groups, for handlers marked `@OnEvent(type, { consumer })` (KafkaPlatformOptions). */
  consumerGroups?: ConsumerGroupOptions[];
  /** When given, the app serves its OpenAPI document at `/docs/openapi.json` and Swagger UI at `/docs`. */
  openApi?: OpenApiOptions;
  /** Service-specific HTTP setup (extra body parsers, Fastify plugins), before routes are registered. */
  configureHttp?(app: NestFastifyApplication, env: E): Promise<void>;
  /** Where the service's "now" comes from: the system clock unless a test gives its own. */
  clock?: Clock;
}

export function databaseOptionsOf(definition: ServiceDefinition) {
  return serviceDataSourceOptions({
    serverUrl: definition.env.DATABASE_URL,
    databaseName: definition.env.DATABASE_NAME,
    entities: definition.entities,
    migrations: definition.migrations,
    poolSize: definition.env.DATABASE_POOL_SIZE,
    applicationName: definition.name,
    ssl: databaseSsl(definition.env),
  });
}

/**
 * What every service has: its configuration, logger, clock, database, event platform, health and
 * metrics.
 */
@Module({})
export class PlatformModule {
  static forRoot(definition: ServiceDefinition): DynamicModule {
    const { env, logger, name } = definition;
    const clock = definition.clock ?? new SystemClock();
    return {
      module: PlatformModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({ ...databaseOptionsOf(definition), retryAttempts: 3, retryDelay: 1000 }),
        PlatformKafkaModule.forRoot({
          service: name,
          brokers: kafkaBrokers(env),
          security: kafkaConnectionSecurity(env),
          topicPartitions: env.KAFKA_TOPIC_PARTITIONS,
          topicReplicationFactor: env.KAFKA_TOPIC_REPLICATION_FACTOR,
          outboxPollIntervalMs: env.OUTBOX_POLL_INTERVAL_MS,
          outboxRetentionHours: env.OUTBOX_RETENTION_HOURS,
          inboxRetentionDays: env.INBOX_RETENTION_DAYS,
          retentionPurgeIntervalMs: env.RETENTION_PURGE_INTERVAL_MS,
          retentionPurgeBatchSize: env.RETENTION_PURGE_BATCH_SIZE,
          consumerMaxAttempts: env.CONSUMER_MAX_ATTEMPTS,
          consumerRetryBackoffMs: env.CONSUMER_RETRY_BACKOFF_MS,
          consumes: definition.consumes ?? [],
          consumerGroups: definition.consumerGroups,
          groupId: env.KAFKA_GROUP_ID ?? name,
          logger,
          clock,
        }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: SERVICE_ENV, useValue: env },
        { provide: LOGGER, useValue: logger },
        { provide: Clock, useValue: clock },
        LifecycleLogger,
      ],
      exports: [SERVICE_ENV, LOGGER, Clock],
    };
  }
}
