import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createPhiAuditTable, dropPhiAuditTable } from '@referral/platform-audit';

/** The PHI audit log and patients. */
export class Patients1764200000000 implements MigrationInterface {
  name = 'Patients1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createPhiAuditTable(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropPhiAuditTable(queryRunner);
  }
}
