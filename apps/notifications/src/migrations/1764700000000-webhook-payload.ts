import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an endpoint's deliveries carry (issue 16, FHIR R4 rest-hook subscriptions): `event`, the
 * event's JSON as before (every existing endpoint keeps it), or `none`, an empty POST signed over the
 * empty body, as R4 notifies a Subscription without `payload`.
 */
export class WebhookPayload1764700000000 implements MigrationInterface {
  name = 'WebhookPayload1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE webhook_endpoint
        ADD COLUMN payload text NOT NULL DEFAULT 'event' CHECK (payload IN ('event', 'none'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE webhook_endpoint DROP COLUMN payload');
  }
}
