import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@referral/contracts';
import type { DeliveryInfo } from './event-context';

/** Records that a consumer handled an event; false when it already had (a redelivery). */
export async function recordInInbox(
  manager: EntityManager,
  consumer: string,
  envelope: EventEnvelope,
  delivery: DeliveryInfo,
): Promise<boolean> {
  const inserted: unknown[] = await manager.query(
    `INSERT INTO inbox (consumer, event_id, event_type, topic, "partition", "offset")
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id`,
    [consumer, envelope.id, envelope.type, delivery.topic, delivery.partition, delivery.offset],
  );
  return inserted.length === 1;
}
