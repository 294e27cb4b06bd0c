import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stored idempotent answers sealed at rest (AES-256-GCM under `IDEMPOTENCY_ENCRYPTION_KEY`): the id
 * of the sealing key on each row. Answers stored in the clear before are deleted: they count as
 * expired (a retry with their key runs again), and no patient data stays in the clear.
 */
export class IdempotencySealed1764180000000 implements MigrationInterface {
  name = 'IdempotencySealed1764180000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE idempotency_record ADD COLUMN response_key_id text`);
    await queryRunner.query(`DELETE FROM idempotency_record WHERE status = 'completed'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM idempotency_record WHERE response_key_id IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE idempotency_record DROP COLUMN response_key_id`);
  }
}
