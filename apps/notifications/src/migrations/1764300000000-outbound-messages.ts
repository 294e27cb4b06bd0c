import type { MigrationInterface, QueryRunner } from 'typeorm';

/** SMS and email: every message sent, failed, skipped or caught by the development sink. */
export class OutboundMessages1764300000000 implements MigrationInterface {
  name = 'OutboundMessages1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbound_message (
        id                        uuid PRIMARY KEY,
        channel                   text NOT NULL CHECK (channel IN ('sms', 'email')),
        recipient                 text,
        recipient_practitioner_id uuid,
        recipient_key             text NOT NULL,
        language                  text NOT NULL,
        requested_language        text NOT NULL,
        template                  text NOT NULL,
        referral_id               uuid NOT NULL,
        subject                   text,
        text                      text,
        encoding                  text CHECK (encoding IN ('GSM-7', 'UCS-2')),
        parts                     integer CHECK (parts > 0),
        provider                  text NOT NULL,
        status                    text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
        provider_message_id       text,
        error                     text,
        skip_reason               text,
        source_event_id           uuid NOT NULL,
        created_at                timestamptz NOT NULL DEFAULT now(),
        sent_at                   timestamptz
      )`);
    // One message per event, channel and recipient: a redelivered event sends nothing twice.
    await queryRunner.query(
      `CREATE UNIQUE INDEX outbound_message_once ON outbound_message (source_event_id, channel, recipient_key)`,
    );
    await queryRunner.query(
      `CREATE INDEX outbound_message_newest ON outbound_message (created_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX outbound_message_by_recipient ON outbound_message (recipient, created_at DESC, id DESC)`,
    );
    await queryRunner.query(`CREATE INDEX outbound_message_by_referral ON outbound_message (referral_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE outbound_message');
  }
}
