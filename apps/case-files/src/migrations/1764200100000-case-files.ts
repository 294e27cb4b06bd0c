import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Case files and their versions. `case_file` holds the current content; every version, the first
 * included, is also a row of `case_file_version` that is never changed afterwards (old versions stay
 * readable). Content is jsonb: chief complaint, history, vitals, medications, allergies as validated by
 * the API (libs/contracts/src/api/case-files.ts); the database checks its shape's outline.
 */
export class CaseFiles1764200100000 implements MigrationInterface {
  name = 'CaseFiles1764200100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE case_file (
        id                         uuid PRIMARY KEY,
        patient_id                 uuid NOT NULL REFERENCES patient (id),
        organization_id            uuid NOT NULL,
        version                    integer NOT NULL CHECK (version >= 1),
        content                    jsonb NOT NULL CHECK (jsonb_typeof(content) = 'object'),
        created_at                 timestamptz NOT NULL DEFAULT now(),
        updated_at                 timestamptz NOT NULL DEFAULT now(),
        created_by_client_id       text NOT NULL,
        created_by_practitioner_id uuid
      )`);
    await queryRunner.query('CREATE INDEX case_file_patient ON case_file (patient_id)');
    await queryRunner.query(`
      CREATE TABLE case_file_version (
        case_file_id               uuid NOT NULL REFERENCES case_file (id),
        version                    integer NOT NULL CHECK (version >= 1),
        content                    jsonb NOT NULL CHECK (jsonb_typeof(content) = 'object'),
        changed_by_client_id       text NOT NULL,
        changed_by_practitioner_id uuid,
        changed_at                 timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_file_id, version)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE case_file_version');
    await queryRunner.query('DROP TABLE case_file');
  }
}
