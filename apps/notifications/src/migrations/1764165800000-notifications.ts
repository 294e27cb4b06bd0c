import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1764165800000 implements MigrationInterface {
  name = 'Notifications1764165800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notification (
        id                        uuid PRIMARY KEY,
        type                      text NOT NULL,
        referral_id               uuid,
        organization_id           uuid NOT NULL,
        recipient_practitioner_id uuid,
        title                     text NOT NULL,
        body                      text NOT NULL,
        source_event_id           uuid NOT NULL,
        created_at                timestamptz NOT NULL DEFAULT now(),
        read_at                   timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX notification_by_organization ON notification (organization_id, created_at DESC, id)`,
    );
    await queryRunner.query(`CREATE INDEX notification_by_referral ON notification (referral_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE notification');
  }
}
