import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { OutboundMessageChannel, OutboundMessageStatus } from '@referral/contracts';
import { OutboundMessageEntity } from './outbound-message.entity';

/** A message about to be recorded: everything but the times the database sets. */
export type NewOutboundMessage = Omit<OutboundMessageEntity, 'createdAt' | 'sentAt'>;

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
];

@Injectable()
export class OutboundMessageRepository {
  constructor(
    @InjectRepository(OutboundMessageEntity) private readonly messages: Repository<OutboundMessageEntity>,
  ) {}

  /**
   * Records the message unless its event already has one on this channel for this recipient (the
   * unique index decides, also between concurrent deliveries). True when this call recorded it.
   */
  async recordOnce(message: NewOutboundMessage): Promise<boolean> {
    const rows: unknown[] = await this.messages.query(
      `INSERT INTO outbound_message (${COLUMNS.map(([c]) => c).join(', ')})
       VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
       ON CONFLICT (source_event_id, channel, recipient_key) DO NOTHING
       RETURNING id`,
      COLUMNS.map(([, property]) => message[property] ?? null),
    );
    return rows.length === 1;
  }

  findOnce(sourceEventId: string, channel: OutboundMessageChannel, recipientKey: string) {
    return this.messages.findOneBy({ sourceEventId, channel, recipientKey });
  }

  async markSent(id: string, providerMessageId: string | null): Promise<void> {
    await this.messages.query(
      `UPDATE outbound_message SET status = 'sent', provider_message_id = $2, sent_at = now() WHERE id = $1`,
      [id, providerMessageId],
    );
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.messages.query(`UPDATE outbound_message SET status = 'failed', error = $2 WHERE id = $1`, [
      id,
      error,
    ]);
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
