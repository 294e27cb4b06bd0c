import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { OutboundMessageChannel, OutboundMessageStatus } from '@referral/contracts';
import { OutboundMessageEntity } from './outbound-message.entity';

/** A message about to be recorded: everything but the times the database sets. */
export type NewOutboundMessage = Omit<
  OutboundMessageEntity,
  'createdAt' | 'sentAt' | 'attempts' | 'retryPending'
>;

/** An attempt's outcome, to be recorded with others of its batch (`recordOutcomes`). */
export interface AttemptOutcome {
  id: string;
  /** `pending`: failed, another attempt may follow (`retry_pending`); else final. */
  status: 'sent' | 'pending' | 'failed';
  providerMessageId?: string | null;
  error?: string | null;
}

export interface OutboundMessageFilter {
  channel?: OutboundMessageChannel;
  recipient?: string;
  referralId?: string;
  status?: OutboundMessageStatus;
  /** The id of the last message of the previous page. */
  after?: string;
  limit: number;
}

const COLUMNS: [column: string, property: keyof NewOutboundMessage][] = [
  ['id', 'id'],
  ['channel', 'channel'],
  ['recipient', 'recipient'],
  ['recipient_practitioner_id', 'recipientPractitionerId'],
  ['recipient_key', 'recipientKey'],
  ['language', 'language'],
  ['requested_language', 'requestedLanguage'],
  ['template', 'template'],
  ['referral_id', 'referralId'],
  ['subject', 'subject'],
  ['text', 'text'],
  ['encoding', 'encoding'],
  ['parts', 'parts'],
  ['provider', 'provider'],
  ['status', 'status'],
  ['provider_message_id', 'providerMessageId'],
  ['error', 'error'],
  ['skip_reason', 'skipReason'],
  ['source_event_id', 'sourceEventId'],
  ['attempt_started_at', 'attemptStartedAt'],
];

@Injectable()
export class OutboundMessageRepository {
  constructor(
    @InjectRepository(OutboundMessageEntity) private readonly messages: Repository<OutboundMessageEntity>,
  ) {}

  /**
   * Records the message unless its event already has one on this channel for this recipient (the
   * unique index decides, also between concurrent deliveries). Its `created_at` when this call
   * recorded it, else null.
   */
  async recordOnce(message: NewOutboundMessage): Promise<Date | null> {
    const rows: { created_at: Date }[] = await this.messages.query(
      `INSERT INTO outbound_message (${COLUMNS.map(([c]) => c).join(', ')})
       VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
       ON CONFLICT (source_event_id, channel, recipient_key) DO NOTHING
       RETURNING created_at`,
      COLUMNS.map(([, property]) => message[property] ?? null),
    );
    return rows[0]?.created_at ?? null;
  }

  /**
   * recordOnce for several messages in one statement (one commit): the `created_at` of each message
   * this call recorded, by id; the others (their event already has one, also one earlier in the same
   * list) are absent.
   */
  async recordMany(messages: NewOutboundMessage[]): Promise<Map<string, Date>> {
    if (messages.length === 0) return new Map();
    const rows: { id: string; created_at: Date }[] = await this.messages.query(
      `INSERT INTO outbound_message (${COLUMNS.map(([c]) => c).join(', ')})
       SELECT ${COLUMNS.map(([c]) => `m.${c}`).join(', ')}
         FROM jsonb_populate_recordset(NULL::outbound_message, $1::jsonb) AS m
       ON CONFLICT (source_event_id, channel, recipient_key) DO NOTHING
       RETURNING id::text AS id, created_at`,
      [
        JSON.stringify(
          messages.map((message) =>
            Object.fromEntries(COLUMNS.map(([column, property]) => [column, message[property] ?? null])),
          ),
        ),
      ],
    );
    return new Map(rows.map((row) => [row.id, row.created_at]));
  }

  /**
   * The outcomes of several attempts in one statement (one commit), each as markSent, markRetry or
   * markFailed would record it.
   */
  async recordOutcomes(outcomes: AttemptOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    await this.messages.query(
      `UPDATE outbound_message m
          SET status = o.status,
              provider_message_id = CASE WHEN o.status = 'sent' THEN o.provider_message_id ELSE m.provider_message_id END,
              sent_at = CASE WHEN o.status = 'sent' THEN now() ELSE m.sent_at END,
              error = CASE WHEN o.status = 'sent' THEN m.error ELSE o.error END,
              attempts = m.attempts + 1,
              retry_pending = (o.status = 'pending')
         FROM jsonb_to_recordset($1::jsonb) AS o(id uuid, status text, provider_message_id text, error text)
        WHERE m.id = o.id`,
      [
        JSON.stringify(
          outcomes.map((o) => ({
            id: o.id,
            status: o.status,
            provider_message_id: o.providerMessageId ?? null,
            error: o.error ?? null,
          })),
        ),
      ],
    );
  }

  /**
   * Takes the retry of a message whose last attempt failed, its attempt starting `startedAt` (the
   * lease): true for one caller only, and never again for an attempt that did not record its outcome
   * (a crash), which is not repeated but ends as `interrupted` (markInterrupted).
   */
  async takeRetry(id: string, startedAt: Date): Promise<boolean> {
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE … RETURNING as [rows, count].
    const rows: unknown[] = await this.messages.query(
      `WITH taken AS (
         UPDATE outbound_message SET retry_pending = false, attempt_started_at = $2
          WHERE id = $1 AND status = 'pending' AND retry_pending
          RETURNING id)
       SELECT id FROM taken`,
      [id, startedAt],
    );
    return rows.length > 0;
  }

  /**
   * An attempt cut short by a crash (still `pending`, no retry pending, its lease over): failed for
   * good, counted as an attempt (the provider may have had it). Its attempts, or null when another
   * caller decided first (or it is no longer such a message).
   */
  async markInterrupted(id: string, error: string): Promise<number | null> {
    const rows: { attempts: number }[] = await this.messages.query(
      `WITH failed AS (
         UPDATE outbound_message
            SET status = 'failed', error = $2, attempts = attempts + 1
          WHERE id = $1 AND status = 'pending' AND NOT retry_pending
          RETURNING attempts)
       SELECT attempts FROM failed`,
      [id, error],
    );
    return rows[0]?.attempts ?? null;
  }

  /** An attempt failed and another may follow: still `pending`, the error kept. */
  async markRetry(id: string, error: string): Promise<void> {
    await this.messages.query(
      `UPDATE outbound_message SET attempts = attempts + 1, error = $2, retry_pending = true WHERE id = $1`,
      [id, error],
    );
  }

  findOnce(sourceEventId: string, channel: OutboundMessageChannel, recipientKey: string) {
    return this.messages.findOneBy({ sourceEventId, channel, recipientKey });
  }

  async markSent(id: string, providerMessageId: string | null): Promise<void> {
    await this.messages.query(
      `UPDATE outbound_message
          SET status = 'sent', provider_message_id = $2, sent_at = now(), attempts = attempts + 1,
              retry_pending = false
        WHERE id = $1`,
      [id, providerMessageId],
    );
  }

  /** Failed for good: `attempted` when a provider call failed (rather than e.g. a text too long). */
  async markFailed(id: string, error: string, attempted = true): Promise<number> {
    const rows: { attempts: number }[] = await this.messages.query(
      `WITH failed AS (
         UPDATE outbound_message
            SET status = 'failed', error = $2, attempts = attempts + $3, retry_pending = false
          WHERE id = $1
          RETURNING attempts)
       SELECT attempts FROM failed`,
      [id, error, attempted ? 1 : 0],
    );
    return rows[0]?.attempts ?? 0;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.messages.countBy({ id })) > 0;
  }

  /** Newest first; one more than `limit` when another page follows. */
  list(filter: OutboundMessageFilter): Promise<OutboundMessageEntity[]> {
    const query = this.messages.createQueryBuilder('m');
    if (filter.channel) query.andWhere('m.channel = :channel', { channel: filter.channel });
    if (filter.recipient) query.andWhere('m.recipient = :recipient', { recipient: filter.recipient });
    if (filter.referralId) query.andWhere('m.referral_id = :referralId', { referralId: filter.referralId });
    if (filter.status) query.andWhere('m.status = :status', { status: filter.status });
    if (filter.after) {
      // Against the row's own (created_at, id): the cursor carries no timestamp to round.
      query.andWhere(
        '(m.created_at, m.id) < (SELECT a.created_at, a.id FROM outbound_message a WHERE a.id = :after)',
        { after: filter.after },
      );
    }
    return query
      .orderBy('m.created_at', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .limit(filter.limit + 1)
      .getMany();
  }
}
