import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A stated age grows: `age_stated_on` is the day (Asia/Karachi) `age_years` was given, set exactly when
 * it is. Rows from before have their registration day, the day the age was stated.
 */
export class PatientAgeStatedOn1764200400000 implements MigrationInterface {
  name = 'PatientAgeStatedOn1764200400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE patient ADD COLUMN age_stated_on date');
    await queryRunner.query(`
      UPDATE patient SET age_stated_on = (created_at AT TIME ZONE 'Asia/Karachi')::date
       WHERE age_years IS NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE patient ADD CONSTRAINT patient_age_stated_on
        CHECK ((age_years IS NULL) = (age_stated_on IS NULL))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE patient DROP COLUMN age_stated_on');
  }
}
