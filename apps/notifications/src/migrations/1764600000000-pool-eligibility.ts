import type { MigrationInterface, QueryRunner } from 'typeorm';
import { OPEN_HELD_STATUSES } from '@referral/contracts';

const OPEN_HELD = OPEN_HELD_STATUSES.map((status) => `'${status}'`).join(', ');

/**
 * What the shared eligibility rule (libs/contracts `eligibility`) needs besides languages, licence and
 * availability, so that a pool referral is offered only to those who may take it, as the referrals
 * service decides:
 * - each role's capacity (`max_open_cases`, from `directory.practitioner.v1`); rows written before
 *   this migration get it from the practitioner's next event, and until then set no limit;
 * - who holds which referral in which status (`referral_holding`, from `referrals.referral.v1`), to
 *   count a practitioner's open cases. It starts empty: referrals held before it are counted from
 *   their next event.
 */
export class PoolEligibility1764600000000 implements MigrationInterface {
  name = 'PoolEligibility1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE directory_practitioner_role
        ADD COLUMN max_open_cases integer CHECK (max_open_cases > 0)`);
    await queryRunner.query(`
      CREATE TABLE referral_holding (
        referral_id            uuid PRIMARY KEY,
        holder_practitioner_id uuid,
        status                 text NOT NULL,
        last_event_at          timestamptz NOT NULL
      )`);
    // A practitioner's open cases: counted from the index alone.
    await queryRunner.query(`
      CREATE INDEX referral_holding_open ON referral_holding (holder_practitioner_id)
        WHERE status IN (${OPEN_HELD})`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE referral_holding');
    await queryRunner.query('ALTER TABLE directory_practitioner_role DROP COLUMN max_open_cases');
  }
}
