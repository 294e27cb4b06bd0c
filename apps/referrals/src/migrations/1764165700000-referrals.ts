import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Referrals1764165700000 implements MigrationInterface {
  name = 'Referrals1764165700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE referral (
        id                        uuid PRIMARY KEY,
        status                    text NOT NULL,
        stage                     text NOT NULL,
        priority                  text NOT NULL CHECK (priority IN ('routine', 'urgent')),
        specialty_code            text NOT NULL,
        question                  text NOT NULL,
        case_file_id              uuid NOT NULL,
        referring_organization_id uuid NOT NULL,
        referring_practitioner_id uuid,
        target_practitioner_id    uuid,
        holder_practitioner_id    uuid,
        allow_conversion          boolean NOT NULL DEFAULT false,
        claim_due_at              timestamptz NOT NULL,
        answer_due_at             timestamptz NOT NULL,
        created_at                timestamptz NOT NULL DEFAULT now(),
        updated_at                timestamptz NOT NULL DEFAULT now(),
        version                   integer NOT NULL DEFAULT 1
      )`);
    await queryRunner.query(
      `CREATE INDEX referral_by_organization ON referral (referring_organization_id, created_at DESC, id)`,
    );
    await queryRunner.query(`
      CREATE TABLE referral_history (
        seq                   bigserial PRIMARY KEY,
        referral_id           uuid NOT NULL REFERENCES referral (id),
        at                    timestamptz NOT NULL,
        action                text NOT NULL,
        actor_client_id       text,
        actor_practitioner_id uuid,
        actor_organization_id uuid,
        from_status           text,
        to_status             text NOT NULL,
        from_stage            text,
        to_stage              text NOT NULL,
        reason                text
      )`);
    await queryRunner.query(
      `CREATE INDEX referral_history_by_referral ON referral_history (referral_id, seq)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE referral_history');
    await queryRunner.query('DROP TABLE referral');
  }
}
