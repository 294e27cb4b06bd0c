import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { ALL_TOPICS } from '@referral/contracts';
import { consumedTopics, KAFKA, KAFKA_OPTIONS, type KafkaPlatformOptions } from '../kafka-options';
import { ensureTopics } from './topics';

/** Creates the topics at start (every topic of the contracts, and the DLQs of what we consume). */
@Injectable()
export class TopicsInitializer implements OnModuleInit {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_OPTIONS) private readonly options: KafkaPlatformOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const created = await ensureTopics(this.kafka, {
          topics: ALL_TOPICS,
          deadLettered: consumedTopics(this.options),
          partitions: this.options.topicPartitions,
          replicationFactor: this.options.topicReplicationFactor,
        });
        if (created.length) this.options.logger.info({ topics: created }, 'created topics');
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        this.options.logger.warn(
          { err: { message: (error as Error).message } },
          'Kafka not reachable yet; retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
  }
}
