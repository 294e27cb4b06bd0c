import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { assertEventData, createEnvelope, toKafkaHeaders, type EventEnvelope } from '@referral/contracts';
import { markForCommit } from '@referral/platform-database';
import { currentTraceparent } from '@referral/platform-observability';
import { KAFKA_OPTIONS, type KafkaPlatformOptions } from '../kafka-options';

export interface NewEvent<T> {
  type: string;
  /** The aggregate id: the Kafka key and CloudEvents subject, so one aggregate's events stay in order. */
  subject: string;
  data: T;
}

/**
 * The key, in the writer's `QueryRunner.data`, that tells the outbox relay of this process to wake once
 * the transaction has committed (see OutboxRelay: a TypeORM `afterTransactionCommit` subscriber).
 */
export const OUTBOX_PENDING = 'outboxPending';

/**
 * Writes events into the outbox inside the caller's transaction: the state change and its events
 * commit together or not at all. Nothing else runs in the writer's transaction (no `pg_notify`: its
 * cluster-wide lock at commit would serialise every writer): the transaction is only marked, and the
 * relay of this process is woken in-process right after the commit.
 */
@Injectable()
export class Outbox {
  constructor(@Inject(KAFKA_OPTIONS) private readonly options: Pick<KafkaPlatformOptions, 'service'>) {}

  async add<T>(manager: EntityManager, event: NewEvent<T>): Promise<EventEnvelope<T>> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('Outbox.add must run inside the transaction of the state change');
    }
    // A producer that drifts from its contract fails here, in its own transaction, not in a consumer.
    assertEventData(event.type, event.data);
    const envelope = createEnvelope({
      type: event.type,
      subject: event.subject,
      data: event.data,
      source: `/${this.options.service}`,
      traceparent: currentTraceparent(),
    });
    await manager.query(
      `INSERT INTO outbox (id, topic, key, type, headers, payload) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        envelope.id,
        envelope.topic,
        event.subject,
        envelope.type,
        toKafkaHeaders(envelope),
        JSON.stringify(event.data),
      ],
    );
    markForCommit(manager, OUTBOX_PENDING);
    return envelope;
  }
}
