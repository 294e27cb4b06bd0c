import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The report projection (issue 17), kept by the `reports` consumer group from referral and directory
 * events: one row per referral with the moments and facts the report counts, and what the directory
 * told of organizations (district, coordinates) and practitioners' roles (who serves which specialty
 * where). Its own tables: it reads the topics at its own pace, whatever the other projections did.
 */
export class Reports1765000000000 implements MigrationInterface {
  name = 'Reports1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE report_referral (
        referral_id               uuid PRIMARY KEY,
        specialty_code            text NOT NULL,
        priority                  text NOT NULL,
        referring_organization_id uuid NOT NULL,
        holder_practitioner_id    uuid,
        target_practitioner_id    uuid,
        submitted_at              timestamptz,
        claimed_at                timestamptz,
        first_answered_at         timestamptz,
        answered_in_time          boolean,
        answer_deadline_missed    boolean NOT NULL DEFAULT false,
        clarification_requested   boolean NOT NULL DEFAULT false,
        recommendation            text,
        recommendation_at         timestamptz,
        converted_at              timestamptz,
        declined_at               timestamptz,
        cancelled_at              timestamptz,
        last_event_at             timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX report_referral_by_submission ON report_referral (submitted_at, specialty_code)`,
    );
    await queryRunner.query(`
      CREATE TABLE report_organization (
        organization_id uuid PRIMARY KEY,
        district        text NOT NULL,
        latitude        double precision,
        longitude       double precision,
        active          boolean NOT NULL,
        last_event_at   timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX report_organization_by_district ON report_organization (lower(district))`,
    );
    await queryRunner.query(`
      CREATE TABLE report_practitioner (
        practitioner_id uuid PRIMARY KEY,
        active          boolean NOT NULL,
        last_event_at   timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE report_practitioner_role (
        role_id         uuid PRIMARY KEY,
        practitioner_id uuid NOT NULL REFERENCES report_practitioner ON DELETE CASCADE,
        organization_id uuid NOT NULL,
        specialty_code  text NOT NULL,
        active          boolean NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX report_practitioner_role_by_specialty ON report_practitioner_role (specialty_code, organization_id) WHERE active`,
    );
    await queryRunner.query(
      `CREATE INDEX report_practitioner_role_by_practitioner ON report_practitioner_role (practitioner_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE report_practitioner_role`);
    await queryRunner.query(`DROP TABLE report_practitioner`);
    await queryRunner.query(`DROP TABLE report_organization`);
    await queryRunner.query(`DROP TABLE report_referral`);
  }
}
