import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createPhiAuditTable, dropPhiAuditTable } from '@referral/platform-audit';

/** The append-only log of who read or changed a referral (DESIGN.md §5). */
export class PhiAudit1764180000000 implements MigrationInterface {
  name = 'PhiAudit1764180000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createPhiAuditTable(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropPhiAuditTable(queryRunner);
  }
}
