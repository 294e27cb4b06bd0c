import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the retention purge looks rows up by: their age, among those it may delete (finished webhook
 * deliveries, finished dispatches; every in-app notification and webhook message). The SMS and email
 * log already has its `created_at` index (outbound_message_newest).
 */
export class RetentionIndexes1764400000000 implements MigrationInterface {
  name = 'RetentionIndexes1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX notification_created_at ON notification (created_at)`);
    await queryRunner.query(
      `CREATE INDEX webhook_delivery_finished ON webhook_delivery (created_at) WHERE status <> 'pending'`,
    );
    await queryRunner.query(`CREATE INDEX webhook_message_created_at ON webhook_message (created_at)`);
    await queryRunner.query(
      `CREATE INDEX notification_dispatch_finished ON notification_dispatch (updated_at) WHERE status <> 'pending'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX notification_dispatch_finished');
    await queryRunner.query('DROP INDEX webhook_message_created_at');
    await queryRunner.query('DROP INDEX webhook_delivery_finished');
    await queryRunner.query('DROP INDEX notification_created_at');
  }
}
