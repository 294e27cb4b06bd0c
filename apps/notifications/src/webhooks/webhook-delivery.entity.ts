import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { WebhookDeliveryStatus } from '@referral/contracts';

/**
 * One attempt to POST a message to an endpoint: the delivery log. A scheduled attempt is a `pending`
 * row, due at `dueAt`; the worker that sends it holds a lease (`leaseUntil`, `leaseToken`) meanwhile.
 */
@Entity('webhook_delivery')
export class WebhookDeliveryEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'endpoint_id' })
  endpointId: string;

  @Column('uuid', { name: 'webhook_id' })
  webhookId: string;

  /** Its place in its chain (1: the first attempt, or the first of a replay). */
  @Column('integer')
  attempt: number;

  /** On the first attempt of a replay: the entry the owner replayed. */
  @Column('uuid', { name: 'replay_of', nullable: true })
  replayOf: string | null;

  @Column('text')
  status: WebhookDeliveryStatus;

  @Column('timestamptz', { name: 'due_at' })
  dueAt: Date;

  @Column('timestamptz', { name: 'lease_until', nullable: true })
  leaseUntil: Date | null;

  @Column('uuid', { name: 'lease_token', nullable: true })
  leaseToken: string | null;

  @Column('timestamptz', { name: 'attempted_at', nullable: true })
  attemptedAt: Date | null;

  @Column('integer', { name: 'response_status', nullable: true })
  responseStatus: number | null;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('integer', { name: 'duration_ms', nullable: true })
  durationMs: number | null;

  /** On a failed attempt that will be retried: when the next one is due. */
  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
