import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The CNIC re-encryption job (src/patients/cnic-reencryption.ts) asks, at every run on every instance,
 * for the rows not under the current key: through this index it reads only those, not the table.
 */
export class PatientCnicKeyIndex1764200500000 implements MigrationInterface {
  name = 'PatientCnicKeyIndex1764200500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX patient_cnic_key_id ON patient (cnic_key_id, id) WHERE cnic_key_id IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX patient_cnic_key_id');
  }
}
