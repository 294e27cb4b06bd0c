import type { MigrationInterface, QueryRunner } from 'typeorm';

/** API clients (hashed secrets) and the gateway's token signing keys. */
export class Auth1764170000000 implements MigrationInterface {
  name = 'Auth1764170000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE api_client (
        id              uuid PRIMARY KEY,
        client_id       text NOT NULL UNIQUE,
        name            text NOT NULL,
        organization_id uuid NOT NULL,
        practitioner_id uuid,
        roles           text[] NOT NULL CHECK (cardinality(roles) >= 1),
        secret_hash     text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        revoked_at      timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX api_client_by_creation ON api_client (created_at, id)`);
    await queryRunner.query(`
      CREATE TABLE signing_key (
        kid             text PRIMARY KEY,
        private_key_pem text,
        public_key_pem  text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        activated_at    timestamptz NOT NULL DEFAULT now(),
        retired_at      timestamptz,
        CHECK (retired_at IS NOT NULL OR private_key_pem IS NOT NULL)
      )`);
    // At most one active key; a second instance racing to create one fails instead of forking.
    await queryRunner.query(
      `CREATE UNIQUE INDEX signing_key_one_active ON signing_key ((true)) WHERE retired_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE signing_key');
    await queryRunner.query('DROP TABLE api_client');
  }
}
