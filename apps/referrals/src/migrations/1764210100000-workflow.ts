import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The e-consult workflow on top of the first referral table:
 * - what the de-identified queue shows of the patient (age band, sex: from case-files at submission;
 *   never a name, CNIC or phone), the patient id the API shows, the language a clinic asked for;
 * - the answer clock's pause while a clarification is awaited;
 * - the specialist's consult and the referrer's close-out feedback;
 * - the messages thread;
 * - indexes for the queue and for the deadline scheduler (FOR UPDATE SKIP LOCKED scans).
 */
export class Workflow1764210100000 implements MigrationInterface {
  name = 'Workflow1764210100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE referral
        ADD COLUMN patient_id         uuid,
        ADD COLUMN patient_age_band   text NOT NULL DEFAULT 'unknown',
        ADD COLUMN patient_sex        text NOT NULL DEFAULT 'unknown',
        ADD COLUMN required_language  text,
        ADD COLUMN answer_paused_at   timestamptz,
        ADD COLUMN consult            jsonb,
        ADD COLUMN closeout           jsonb`);
    await queryRunner.query(`
      CREATE INDEX referral_queue ON referral (specialty_code, claim_due_at)
        WHERE status = 'requested'`);
    await queryRunner.query(`
      CREATE INDEX referral_claim_deadline ON referral (claim_due_at)
        WHERE status = 'requested' AND stage IN ('pool', 'assigned')`);
    await queryRunner.query(`
      CREATE INDEX referral_answer_deadline ON referral (answer_due_at)
        WHERE status IN ('received', 'in-progress') AND stage IN ('claimed', 'answering')`);
    await queryRunner.query(`
      CREATE INDEX referral_by_holder ON referral (holder_practitioner_id)
        WHERE status IN ('received', 'in-progress', 'on-hold')`);
    await queryRunner.query(`
      CREATE TABLE referral_message (
        id                    uuid PRIMARY KEY,
        referral_id           uuid NOT NULL REFERENCES referral (id),
        kind                  text NOT NULL CHECK (kind IN ('clarification-request', 'clarification-response', 'follow-up', 'note')),
        text                  text NOT NULL CHECK (length(text) BETWEEN 1 AND 8000),
        attachment_ids        uuid[] NOT NULL DEFAULT '{}',
        side                  text NOT NULL CHECK (side IN ('referrer', 'specialist')),
        author_client_id      text NOT NULL,
        author_practitioner_id uuid,
        author_organization_id uuid NOT NULL,
        created_at            timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      'CREATE INDEX referral_message_thread ON referral_message (referral_id, created_at, id)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE referral_message');
    await queryRunner.query('DROP INDEX referral_by_holder');
    await queryRunner.query('DROP INDEX referral_answer_deadline');
    await queryRunner.query('DROP INDEX referral_claim_deadline');
    await queryRunner.query('DROP INDEX referral_queue');
    await queryRunner.query(`
      ALTER TABLE referral DROP COLUMN patient_id, DROP COLUMN patient_age_band, DROP COLUMN patient_sex,
        DROP COLUMN required_language, DROP COLUMN answer_paused_at, DROP COLUMN consult, DROP COLUMN closeout`);
  }
}
