import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who hears what, and how:
 * - practitioners' preferences (channels besides in-app, quiet hours in Asia/Karachi, language);
 * - inbox entries addressed to a role of an organization (its coordinators) rather than to one person;
 * - the SMS and email dispatches the rules decided on, kept until they are sent (or skipped, or failed
 *   for good), so that neither a crash nor the directory being away loses one; one per event,
 *   practitioner and channel.
 */
export class PreferencesAndDispatch1764310000000 implements MigrationInterface {
  name = 'PreferencesAndDispatch1764310000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notification_preference (
        practitioner_id   uuid PRIMARY KEY,
        channels          text[] NOT NULL CHECK (channels <@ ARRAY['sms', 'email']::text[]),
        quiet_hours_start text CHECK (quiet_hours_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        quiet_hours_end   text CHECK (quiet_hours_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        language          text CHECK (language IN ('en', 'ur')),
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      ALTER TABLE notification
        ADD COLUMN audience_role text CHECK (audience_role IN ('clinician', 'coordinator', 'specialist'))`);
    await queryRunner.query(`
      CREATE INDEX notification_by_recipient ON notification (recipient_practitioner_id, created_at DESC, id)
        WHERE recipient_practitioner_id IS NOT NULL`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX notification_once ON notification (source_event_id, organization_id,
        coalesce(recipient_practitioner_id, '00000000-0000-0000-0000-000000000000'::uuid), coalesce(audience_role, ''))`);
    await queryRunner.query(`
      CREATE TABLE notification_dispatch (
        id               uuid PRIMARY KEY,
        source_event_id  uuid NOT NULL,
        event_type       text NOT NULL,
        referral_id      uuid NOT NULL,
        practitioner_id  uuid NOT NULL,
        channel          text NOT NULL CHECK (channel IN ('sms', 'email')),
        priority         text NOT NULL,
        specialty_code   text NOT NULL,
        status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'skipped', 'failed')),
        attempts         integer NOT NULL DEFAULT 0,
        not_before       timestamptz NOT NULL,
        last_error       text,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        UNIQUE (source_event_id, practitioner_id, channel)
      )`);
    await queryRunner.query(`
      CREATE INDEX notification_dispatch_due ON notification_dispatch (not_before) WHERE status = 'pending'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE notification_dispatch');
    await queryRunner.query('DROP INDEX notification_once');
    await queryRunner.query('DROP INDEX notification_by_recipient');
    await queryRunner.query('ALTER TABLE notification DROP COLUMN audience_role');
    await queryRunner.query('DROP TABLE notification_preference');
  }
}
