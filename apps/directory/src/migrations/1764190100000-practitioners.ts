import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Practitioners and their roles. A role carries copies of what search filters on from its
 * practitioner (languages, licence expiry, active flag), kept in step by the commands in the same
 * transaction, so the eligible search reads one table through one partial index; its weekly
 * availability is also stored as minutes of the week (`available_minutes`, NULL = always available).
 */
export class Practitioners1764190100000 implements MigrationInterface {
  name = 'Practitioners1764190100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE practitioner (
        id                 uuid PRIMARY KEY,
        name               text NOT NULL CHECK (name <> ''),
        pmdc_number        text NOT NULL
                           CONSTRAINT practitioner_pmdc_number_key UNIQUE
                           CHECK (pmdc_number <> '' AND pmdc_number = upper(btrim(pmdc_number))),
        licence_type       text NOT NULL CHECK (licence_type IN ('provisional', 'full')),
        licence_expires_on date NOT NULL,
        phone              text NOT NULL CHECK (phone ~ '^\\+923[0-9]{9}$'),
        email              text,
        languages          text[] NOT NULL DEFAULT '{}'
                           CHECK (array_to_string(languages, ',') ~ '^([a-z]{2,3}(,[a-z]{2,3})*)?$'),
        organization_id    uuid NOT NULL REFERENCES organization (id),
        active             boolean NOT NULL DEFAULT true,
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX practitioner_by_organization ON practitioner (organization_id)`);

    await queryRunner.query(`
      CREATE TABLE practitioner_role (
        id                  uuid PRIMARY KEY,
        practitioner_id     uuid NOT NULL REFERENCES practitioner (id),
        specialty_code      text NOT NULL REFERENCES specialty (code),
        organization_id     uuid NOT NULL REFERENCES organization (id),
        max_open_cases      integer NOT NULL CHECK (max_open_cases > 0),
        active              boolean NOT NULL DEFAULT true,
        availability        jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(availability) = 'array'),
        -- Search columns, copied from the practitioner and the availability in the same transaction.
        languages           text[] NOT NULL,
        licence_expires_on  date NOT NULL,
        practitioner_active boolean NOT NULL,
        available_minutes   int4multirange
                            CHECK (available_minutes <@ '{[0,10080]}'::int4multirange),
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT practitioner_role_unique UNIQUE (practitioner_id, specialty_code, organization_id)
      )`);
    // The eligible search: equality on the specialty, keyset order by id; the other filters are read
    // from the index itself (INCLUDE), so only the page's rows are fetched from the table.
    await queryRunner.query(`
      CREATE INDEX practitioner_role_eligible ON practitioner_role (specialty_code, id)
        INCLUDE (licence_expires_on, languages, available_minutes)
        WHERE active AND practitioner_active`);
    await queryRunner.query(
      `CREATE INDEX practitioner_role_by_organization ON practitioner_role (organization_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE practitioner_role');
    await queryRunner.query('DROP TABLE practitioner');
  }
}
