import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the referrals service keeps of case files (from `case-files.case-file.v1`, never from the
 * case-files database) to decide a submission without asking case-files: the owning organization, the
 * patient's id, sex and age band (with the first day it no longer holds), and the attachment ids seen.
 * No clinical content, name, CNIC or birth date.
 */
export class CaseFileProjection1764800000000 implements MigrationInterface {
  name = 'CaseFileProjection1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE case_file_projection (
        case_file_id     uuid PRIMARY KEY,
        organization_id  uuid NOT NULL,
        patient_id       uuid NOT NULL,
        patient_sex      text,
        patient_age_band text,
        age_band_until   date,
        attachment_ids   uuid[] NOT NULL DEFAULT '{}',
        version          integer NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE case_file_projection`);
  }
}
