import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createIdempotencyTable, dropIdempotencyTable } from '@referral/platform-idempotency';

/**
 * `Idempotency-Key` answers of submissions, stored in the submission's own transaction (issue 14:
 * one commit, and a retry after a lost answer replays it instead of submitting twice).
 */
export class Idempotency1764900000000 implements MigrationInterface {
  name = 'Idempotency1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createIdempotencyTable(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropIdempotencyTable(queryRunner);
  }
}
