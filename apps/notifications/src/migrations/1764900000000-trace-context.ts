import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The W3C trace context of the work that scheduled a webhook message or a notification dispatch (the
 * consumed event's span), so that the worker sending it later continues that trace (issue 17). Null
 * for rows written before, or while tracing is off.
 */
export class TraceContext1764900000000 implements MigrationInterface {
  name = 'TraceContext1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE webhook_message ADD COLUMN traceparent text`);
    await queryRunner.query(`ALTER TABLE notification_dispatch ADD COLUMN traceparent text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE notification_dispatch DROP COLUMN traceparent`);
    await queryRunner.query(`ALTER TABLE webhook_message DROP COLUMN traceparent`);
  }
}
