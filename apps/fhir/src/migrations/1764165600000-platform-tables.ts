import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createInboxTables, createOutboxTables } from '@referral/platform-kafka';

/** The outbox (events this service publishes) and inbox (events it has handled). */
export class PlatformTables1764165600000 implements MigrationInterface {
  name = 'PlatformTables1764165600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createOutboxTables(queryRunner);
    await createInboxTables(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE inbox');
    await queryRunner.query('DROP TABLE outbox_relay_lease');
    await queryRunner.query('DROP TABLE outbox');
  }
}
