import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retries of SMS and email: `attempts` counts the provider calls of a message, and `retry_pending`
 * marks a `pending` message whose last attempt failed and that may be tried again (cleared when a
 * retry is taken, so an attempt cut short by a crash is never repeated).
 */
export class MessageRetries1764400100100 implements MigrationInterface {
  name = 'MessageRetries1764400100100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE outbound_message
        ADD COLUMN attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN retry_pending boolean NOT NULL DEFAULT false`);
    // The messages sent or failed before: one attempt each.
    await queryRunner.query(
      `UPDATE outbound_message SET attempts = 1 WHERE status IN ('sent', 'failed') AND text IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE outbound_message DROP COLUMN retry_pending, DROP COLUMN attempts');
  }
}
