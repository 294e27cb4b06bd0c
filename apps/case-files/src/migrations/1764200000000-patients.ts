import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createPhiAuditTable, dropPhiAuditTable } from '@referral/platform-audit';

/** The PHI audit log and patients. */
export class Patients1764200000000 implements MigrationInterface {
  name = 'Patients1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createPhiAuditTable(queryRunner);
    // The CNIC only encrypted (iv|tag|ciphertext under cnic_key_id), its last digit for the mask, and
    // an HMAC blind index for exact lookup: one patient per CNIC in an organization, decided here.
    await queryRunner.query(`
      CREATE TABLE patient (
        id               uuid PRIMARY KEY,
        organization_id  uuid NOT NULL,
        name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        sex              text NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
        birth_date       date,
        age_years        integer CHECK (age_years BETWEEN 0 AND 130),
        phone            text CHECK (phone ~ '^\\+923[0-9]{9}$'),
        district         text CHECK (length(district) BETWEEN 1 AND 100),
        cnic_ciphertext  bytea,
        cnic_key_id      text,
        cnic_last_digit  char(1) CHECK (cnic_last_digit ~ '^[0-9]$'),
        cnic_blind_index bytea CHECK (length(cnic_blind_index) = 32),
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT patient_birth_date_or_age CHECK (num_nonnulls(birth_date, age_years) = 1),
        CONSTRAINT patient_cnic_complete
          CHECK (num_nonnulls(cnic_ciphertext, cnic_key_id, cnic_last_digit, cnic_blind_index) IN (0, 4))
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX patient_organization_cnic_unique ON patient (organization_id, cnic_blind_index)
       WHERE cnic_blind_index IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE patient');
    await dropPhiAuditTable(queryRunner);
  }
}
