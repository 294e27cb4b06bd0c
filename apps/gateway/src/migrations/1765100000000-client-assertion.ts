import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SMART Backend Services: an API client may register a JWK Set and authenticate with signed
 * assertions (RFC 7523) instead of, or besides, a secret; every client keeps at least one of the two.
 * The assertions' `jti`s are remembered per client until their `exp`, so that none is used twice,
 * across every gateway instance.
 */
export class ClientAssertion1765100000000 implements MigrationInterface {
  name = 'ClientAssertion1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE api_client ADD COLUMN jwks jsonb`);
    await queryRunner.query(`ALTER TABLE api_client ALTER COLUMN secret_hash DROP NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE api_client ADD CONSTRAINT api_client_can_authenticate
         CHECK (secret_hash IS NOT NULL OR jwks IS NOT NULL)`,
    );
    await queryRunner.query(`
      CREATE TABLE client_assertion_jti (
        client_id  text NOT NULL,
        jti        text NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (client_id, jti)
      )`);
    await queryRunner.query(
      `CREATE INDEX client_assertion_jti_by_expiry ON client_assertion_jti (expires_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE client_assertion_jti');
    // Clients with keys only cannot be kept without a secret.
    await queryRunner.query('DELETE FROM api_client WHERE secret_hash IS NULL');
    await queryRunner.query('ALTER TABLE api_client DROP CONSTRAINT api_client_can_authenticate');
    await queryRunner.query('ALTER TABLE api_client ALTER COLUMN secret_hash SET NOT NULL');
    await queryRunner.query('ALTER TABLE api_client DROP COLUMN jwks');
  }
}
