import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An endpoint's own headers, sent with every delivery (issue 16: FHIR R4 `Subscription.channel.header`,
 * e.g. the receiver's `Authorization`): their names in the clear, for reads, and the pairs encrypted
 * like the signing secret (SecretCipher, bound to the endpoint), since values are secrets. Existing
 * endpoints have none.
 */
export class WebhookHeaders1764700000100 implements MigrationInterface {
  name = 'WebhookHeaders1764700000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE webhook_endpoint
        ADD COLUMN header_names text[] NOT NULL DEFAULT '{}' CHECK (cardinality(header_names) <= 5),
        ADD COLUMN headers_ciphertext text,
        ADD CONSTRAINT webhook_endpoint_headers_sealed
          CHECK ((cardinality(header_names) = 0) = (headers_ciphertext IS NULL))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE webhook_endpoint
        DROP CONSTRAINT webhook_endpoint_headers_sealed,
        DROP COLUMN headers_ciphertext,
        DROP COLUMN header_names`);
  }
}
