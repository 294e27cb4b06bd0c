import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createInboxAgeIndex, dropInboxAgeIndex } from '@referral/platform-kafka';

/** The inbox by age, for the retention purge (INBOX_RETENTION_DAYS). */
export class InboxAgeIndex1764500000000 implements MigrationInterface {
  name = 'InboxAgeIndex1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createInboxAgeIndex(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropInboxAgeIndex(queryRunner);
  }
}
