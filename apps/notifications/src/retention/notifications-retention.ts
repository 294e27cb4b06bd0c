import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, RetentionPurge, type RetentionRule } from '@referral/platform-database';
import { SERVICE_ENV } from '@referral/platform-http';
import type { NotificationsEnv } from '../config';

/**
 * What notifications keeps for a while only, each kind with its retention variable. Work still to do
 * is never a candidate: a pending webhook delivery (nor any attempt of a chain still pending), a
 * pending SMS or email, a pending dispatch. Rules run in this order, so a webhook message whose last
 * deliveries went in a round can go in the same round.
 */
export function notificationsRetentionRules(env: NotificationsEnv): RetentionRule[] {
  return [
    {
      name: 'notification',
      table: 'notification',
      expired: 'created_at < $1',
      retentionDays: env.NOTIFICATION_RETENTION_DAYS,
    },
    {
      name: 'webhook_delivery',
      table: 'webhook_delivery',
      expired: `status <> 'pending' AND created_at < $1 AND NOT EXISTS (
        SELECT 1 FROM webhook_delivery p
         WHERE p.webhook_id = webhook_delivery.webhook_id AND p.endpoint_id = webhook_delivery.endpoint_id
           AND p.status = 'pending')`,
      retentionDays: env.WEBHOOK_DELIVERY_RETENTION_DAYS,
    },
    {
      // A delivery inserted meanwhile holds a key-share lock on its message: SKIP LOCKED passes it by.
      name: 'webhook_message',
      table: 'webhook_message',
      expired: `created_at < $1 AND NOT EXISTS (
        SELECT 1 FROM webhook_delivery d WHERE d.webhook_id = webhook_message.id)`,
      retentionDays: env.WEBHOOK_DELIVERY_RETENTION_DAYS,
    },
    {
      name: 'outbound_message',
      table: 'outbound_message',
      expired: `status <> 'pending' AND created_at < $1`,
      retentionDays: env.OUTBOUND_MESSAGE_RETENTION_DAYS,
    },
    {
      name: 'notification_dispatch',
      table: 'notification_dispatch',
      expired: `status <> 'pending' AND updated_at < $1`,
      retentionDays: env.OUTBOUND_MESSAGE_RETENTION_DAYS,
    },
  ];
}

/**
 * Deletes expired in-app notifications, webhook delivery logs and messages, and the SMS and email log,
 * on every instance every RETENTION_PURGE_INTERVAL_MS (RetentionPurge: batches locked with SKIP LOCKED,
 * so instances never do the same work twice). Each round that deleted rows logs how many per table.
 */
@Injectable()
export class NotificationsRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationsRetention.name);
  private readonly purge: RetentionPurge;

  constructor(
    dataSource: DataSource,
    @Inject(SERVICE_ENV) private readonly env: NotificationsEnv,
    clock: Clock,
  ) {
    this.purge = new RetentionPurge(dataSource, notificationsRetentionRules(env), {
      batchSize: env.RETENTION_PURGE_BATCH_SIZE,
      clock,
      onPurged: (deleted) =>
        this.logger.log(
          `retention: deleted ${Object.entries(deleted)
            .map(([table, n]) => `${n} ${table}`)
            .join(', ')}`,
        ),
      onError: (error) => this.logger.error(`retention purge failed: ${error.message}`),
    });
  }

  onApplicationBootstrap(): void {
    this.purge.start(this.env.RETENTION_PURGE_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.purge.stop();
  }

  /** One batch per table as of `now`: rows deleted per table. */
  runOnce(now?: Date): Promise<Record<string, number>> {
    return this.purge.runOnce(now);
  }
}
