import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The projection of the directory's practitioners and roles that notifications needs to know which
 * organizations a referral involves (kept by the `directory.practitioner.v1` consumer). No name, PMDC
 * number, phone or email: the events do not carry them, and contact details stay in the directory.
 */
export class DirectoryProjection1764230000000 implements MigrationInterface {
  name = 'DirectoryProjection1764230000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE directory_practitioner (
        practitioner_id uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        languages       text[] NOT NULL DEFAULT '{}',
        active          boolean NOT NULL,
        last_event_at   timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE directory_practitioner_role (
        role_id         uuid PRIMARY KEY,
        practitioner_id uuid NOT NULL REFERENCES directory_practitioner (practitioner_id) ON DELETE CASCADE,
        specialty_code  text NOT NULL,
        organization_id uuid NOT NULL,
        active          boolean NOT NULL
      )`);
    // The organizations of some practitioners' roles in one specialty: answered from the index alone.
    await queryRunner.query(`
      CREATE INDEX directory_practitioner_role_by_practitioner
        ON directory_practitioner_role (practitioner_id, specialty_code) INCLUDE (organization_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE directory_practitioner_role');
    await queryRunner.query('DROP TABLE directory_practitioner');
  }
}
