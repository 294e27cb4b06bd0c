import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the current attempt of an SMS or email started (its lease): a `pending` message without
 * `retry_pending` whose attempt started longer ago than the lease was cut short by a crash, and the
 * dispatch worker fails it (`interrupted`) instead of leaving it `pending` for ever. Rows from before
 * count from their `created_at`.
 */
export class MessageAttemptLease1764500200000 implements MigrationInterface {
  name = 'MessageAttemptLease1764500200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE outbound_message ADD COLUMN attempt_started_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE outbound_message DROP COLUMN attempt_started_at');
  }
}
