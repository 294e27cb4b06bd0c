import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The projection of the directory's practitioners and roles that routing and eligibility read
 * (kept by the `directory.practitioner.v1` consumer; this service never reads the directory's tables).
 * Besides the event's availability windows (`availability`, Asia/Karachi), a role keeps them as minutes
 * of the week (`available_minutes`, Monday 00:00 = 0 … Sunday 24:00 = 10080; NULL = always available) so
 * that "available at" is one containment test in SQL.
 */
export class Specialists1764210000000 implements MigrationInterface {
  name = 'Specialists1764210000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE specialist (
        practitioner_id     uuid PRIMARY KEY,
        organization_id     uuid NOT NULL,
        languages           text[] NOT NULL DEFAULT '{}',
        licence_valid_until date NOT NULL,
        licence_type        text NOT NULL,
        active              boolean NOT NULL,
        last_event_at       timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE specialist_role (
        role_id           uuid PRIMARY KEY,
        practitioner_id   uuid NOT NULL REFERENCES specialist (practitioner_id) ON DELETE CASCADE,
        specialty_code    text NOT NULL,
        organization_id   uuid NOT NULL,
        max_open_cases    integer NOT NULL CHECK (max_open_cases > 0),
        active            boolean NOT NULL,
        availability      jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(availability) = 'array'),
        available_minutes int4multirange CHECK (available_minutes <@ '{[0,10080]}'::int4multirange)
      )`);
    // Eligibility and the pool's organizations: the active roles of one specialty, answered from the
    // index alone (capacity, organization and availability are INCLUDEd).
    await queryRunner.query(`
      CREATE INDEX specialist_role_eligible ON specialist_role (specialty_code, practitioner_id)
        INCLUDE (organization_id, max_open_cases, available_minutes)
        WHERE active`);
    // One practitioner's roles: replacing them from a snapshot, checking one specialist.
    await queryRunner.query(
      `CREATE INDEX specialist_role_by_practitioner ON specialist_role (practitioner_id, specialty_code)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE specialist_role');
    await queryRunner.query('DROP TABLE specialist');
  }
}
