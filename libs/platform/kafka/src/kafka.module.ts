import { Module, type DynamicModule } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { KafkaHealth } from './admin/kafka-health';
import { TopicsInitializer } from './admin/topics-initializer';
import { EventConsumerServer } from './consumer/event-consumer.server';
import { InboxPurge } from './inbox/inbox-purge';
import { createKafka } from './kafka-client';
import { CONSUMER_GROUPS, KAFKA, KAFKA_OPTIONS, type KafkaPlatformOptions } from './kafka-options';
import { Outbox } from './outbox/outbox';
import { OutboxRelay } from './outbox/outbox-relay';

/**
 * The event platform of a service: topics, outbox and relay, consumer transport, inbox retention, broker
 * health.
 */
@Module({})
export class PlatformKafkaModule {
  static forRoot(options: KafkaPlatformOptions): DynamicModule {
    return {
      module: PlatformKafkaModule,
      global: true,
      providers: [
        { provide: KAFKA_OPTIONS, useValue: options },
        {
          provide: KAFKA,
          useFactory: () => createKafka(options.service, options.brokers, options.logger, options.security),
        },
        TopicsInitializer,
        Outbox,
        OutboxRelay,
        InboxPurge,
        KafkaHealth,
        {
          provide: EventConsumerServer,
          inject: [KAFKA, DataSource],
          useFactory: (kafka: Kafka, dataSource: DataSource) =>
            new EventConsumerServer({
              kafka,
              dataSource,
              logger: options.logger,
              groupId: options.groupId ?? options.service,
              topics: options.consumes,
              maxAttempts: options.consumerMaxAttempts,
              retryBackoffMs: options.consumerRetryBackoffMs,
            }),
        },
        {
          provide: CONSUMER_GROUPS,
          inject: [KAFKA, DataSource],
          useFactory: (kafka: Kafka, dataSource: DataSource) =>
            (options.consumerGroups ?? []).map(
              (group) =>
                new EventConsumerServer({
                  kafka,
                  dataSource,
                  logger: options.logger,
                  groupId: `${options.groupId ?? options.service}.${group.name}`,
                  consumer: group.name,
                  topics: group.topics,
                  maxAttempts: options.consumerMaxAttempts,
                  retryBackoffMs: options.consumerRetryBackoffMs,
                }),
            ),
        },
      ],
      exports: [
        KAFKA,
        KAFKA_OPTIONS,
        Outbox,
        OutboxRelay,
        InboxPurge,
        KafkaHealth,
        EventConsumerServer,
        CONSUMER_GROUPS,
      ],
    };
  }
}
