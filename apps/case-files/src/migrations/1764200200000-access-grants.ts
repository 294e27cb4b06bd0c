import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who besides the referring organization reads a case file: one row per referral, kept from the
 * referral events (`referrals.referral.v1`). `practitioner_id` is the specialist who holds (or last
 * held) the referral, null while nobody has; the grant is in force while `revoked_at` is null and
 * `expires_at` (set at close: follow-up access) has not passed. `last_event_at` is the `occurredAt` of
 * the latest event applied, so an older one arriving late changes nothing.
 *
 * No foreign key to `case_file`: the row records the referrals service's facts about its referral, in
 * the consumer's inbox transaction. With one, an event naming a case file this database does not have
 * (restored from an older backup, a broker shared by several stacks or test runs) would fail every
 * retry and go to the DLQ, and so would every later event of that referral.
 * A grant without its case file gives nothing: access is only checked for a case file that exists
 * (the referrals service validated the id when the referral was submitted).
 */
export class AccessGrants1764200200000 implements MigrationInterface {
  name = 'AccessGrants1764200200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE case_file_access_grant (
        referral_id     uuid PRIMARY KEY,
        case_file_id    uuid NOT NULL,
        practitioner_id uuid,
        granted_at      timestamptz,
        revoked_at      timestamptz,
        expires_at      timestamptz,
        last_event_at   timestamptz NOT NULL,
        CHECK (practitioner_id IS NOT NULL
               OR (granted_at IS NULL AND revoked_at IS NULL AND expires_at IS NULL)),
        CHECK (practitioner_id IS NULL OR granted_at IS NOT NULL)
      )`);
    await queryRunner.query(
      'CREATE INDEX case_file_access_grant_holder ON case_file_access_grant (case_file_id, practitioner_id)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE case_file_access_grant');
  }
}
