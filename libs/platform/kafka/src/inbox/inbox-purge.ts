import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ConfigResourceTypes, type Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { RetentionPurge, type RetentionRule } from '@referral/platform-database';
import { consumedTopics, KAFKA, KAFKA_OPTIONS, type KafkaPlatformOptions } from '../kafka-options';

const DAY_MS = 86_400_000;
export const DEFAULT_INBOX_RETENTION_DAYS = 21;

/**
 * The longest a record of these topics can stay readable, in ms: retention.ms plus segment.ms (a
 * record goes with its whole segment, which rolls at the latest after segment.ms). Infinity for a
 * topic kept forever (retention.ms -1, or compacted).
 */
export async function longestRedeliveryWindowMs(kafka: Kafka, topics: string[]): Promise<number> {
  if (!topics.length) return 0;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configNames: ['retention.ms', 'segment.ms', 'cleanup.policy'],
      })),
    });
    let longest = 0;
    for (const resource of resources) {
      const value = (name: string) => resource.configEntries.find((e) => e.configName === name)?.configValue;
      const retention = Number(value('retention.ms'));
      const segment = Number(value('segment.ms'));
      if (
        resource.errorCode !== 0 ||
        value('cleanup.policy')?.includes('compact') ||
        !Number.isFinite(retention) ||
        retention < 0 ||
        !Number.isFinite(segment)
      )
        return Infinity;
      longest = Math.max(longest, retention + segment);
    }
    return longest;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Deletes inbox rows older than the inbox retention, in batches, on every instance (RetentionPurge).
 * An inbox row is what stops a redelivered event from applying twice, so before each round the consumed
 * topics' retention is read from the broker: while a record could still be redelivered after its inbox
 * row would go, no inbox row is deleted (and the refusal is logged).
 */
@Injectable()
export class InboxPurge implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly purge: RetentionPurge;
  private readonly log;
  private refused = false;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_OPTIONS) private readonly options: KafkaPlatformOptions,
    dataSource: DataSource,
  ) {
    this.log = options.logger.child({ component: 'inbox-purge' });
    this.purge = new RetentionPurge(dataSource, () => this.rules(), {
      batchSize: options.retentionPurgeBatchSize ?? 1000,
      onPurged: (deleted) => this.log.info({ deleted }, 'expired inbox rows deleted'),
      onError: (error) => this.log.warn({ err: { message: error.message } }, 'inbox purge failed'),
      clock: options.clock,
    });
  }

  get retentionDays(): number {
    return this.options.inboxRetentionDays ?? DEFAULT_INBOX_RETENTION_DAYS;
  }

  onApplicationBootstrap(): void {
    this.purge.start(this.options.retentionPurgeIntervalMs ?? 600_000);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.purge.stop();
  }

  /** One batch as of `now`; how many inbox rows went. */
  async runOnce(now?: Date): Promise<number> {
    return (await this.purge.runOnce(now)).inbox ?? 0;
  }

  private async rules(): Promise<RetentionRule[]> {
    const window = await longestRedeliveryWindowMs(this.kafka, consumedTopics(this.options));
    if (window >= this.retentionDays * DAY_MS) {
      if (!this.refused)
        this.log.error(
          {
            inboxRetentionDays: this.retentionDays,
            topicRedeliveryDays: Number.isFinite(window) ? window / DAY_MS : 'unlimited',
          },
          'INBOX_RETENTION_DAYS is not longer than the consumed topics keep events (retention.ms + segment.ms): no inbox row is deleted',
        );
      this.refused = true;
      return [];
    }
    this.refused = false;
    return [
      { name: 'inbox', table: 'inbox', expired: 'received_at < $1', retentionDays: this.retentionDays },
    ];
  }
}
