import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OutboundMessageChannel, OutboundMessageStatus } from '@referral/contracts';
import type { SmsEncoding } from './sms-parts';

/** The reason a message was not sent at all. */
export type SkipReason = 'no-phone' | 'invalid-phone' | 'no-email' | 'invalid-email';

/** One SMS or email: the send log, and the mailbox of the development sinks. */
@Entity('outbound_message')
export class OutboundMessageEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  channel: OutboundMessageChannel;

  /** Phone (E.164) or email address; null when the recipient had none. */
  @Column('text', { nullable: true })
  recipient: string | null;

  @Column('uuid', { name: 'recipient_practitioner_id', nullable: true })
  recipientPractitionerId: string | null;

  /** What "the same recipient" means for idempotency: the address, else the practitioner. */
  @Column('text', { name: 'recipient_key' })
  recipientKey: string;

  /** The language of the text. */
  @Column('text')
  language: string;

  @Column('text', { name: 'requested_language' })
  requestedLanguage: string;

  /** The event type whose template was used. */
  @Column('text')
  template: string;

  @Column('uuid', { name: 'referral_id' })
  referralId: string;

  @Column('text', { nullable: true })
  subject: string | null;

  @Column('text', { nullable: true })
  text: string | null;

  @Column('text', { nullable: true })
  encoding: SmsEncoding | null;

  @Column('integer', { nullable: true })
  parts: number | null;

  /** `sink`, `http` or `smtp`. */
  @Column('text')
  provider: string;

  @Column('text')
  status: OutboundMessageStatus;

  @Column('text', { name: 'provider_message_id', nullable: true })
  providerMessageId: string | null;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('text', { name: 'skip_reason', nullable: true })
  skipReason: SkipReason | null;

  /** Provider calls made for it (0: none, e.g. skipped). */
  @Column('integer', { default: 0 })
  attempts: number;

  /** `pending` after a failed attempt, to be tried again (see MessageSender). */
  @Column('boolean', { name: 'retry_pending', default: false })
  retryPending: boolean;

  /**
   * When its current (or last) provider call started: a `pending` message without `retry_pending`
   * whose attempt is older than the lease was cut short by a crash (see MessageSender). Null for
   * messages never attempted, and for those recorded before the column (their `created_at` then).
   */
  @Column('timestamptz', { name: 'attempt_started_at', nullable: true })
  attemptStartedAt: Date | null;

  @Column('uuid', { name: 'source_event_id' })
  sourceEventId: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt: Date | null;
}
