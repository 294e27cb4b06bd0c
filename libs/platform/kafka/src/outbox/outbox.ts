import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { assertEventData, createEnvelope, toKafkaHeaders, type EventEnvelope } from '@referral/contracts';
import { currentTraceparent } from '@referral/platform-observability';
import { KAFKA_OPTIONS, type KafkaPlatformOptions } from '../kafka-options';

export interface NewEvent<T> {
  type: string;
  /** The aggregate id: the Kafka key and CloudEvents subject, so one aggregate's events stay in order. */
  subject: string;
  data: T;
}

/**
 * Writes events into the outbox inside the caller's transaction: the state change and its events
 * commit together or not at all. The NOTIFY is delivered at commit and wakes the relay.
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
    await manager.query(`SELECT pg_notify('outbox', '')`);
    return envelope;
  }
}
