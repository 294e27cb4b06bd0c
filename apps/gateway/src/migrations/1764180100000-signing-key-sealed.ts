import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signing keys' private halves sealed at rest (AES-256-GCM under `SIGNING_KEY_ENCRYPTION_KEY`, the
 * key id on the row). The migration has no key: a private key still in `private_key_pem` is sealed
 * and wiped by the gateway at its next start (SigningKeysService), under the signing-key lock.
 */
export class SigningKeySealed1764180100000 implements MigrationInterface {
  name = 'SigningKeySealed1764180100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE signing_key
        ADD COLUMN private_key_sealed bytea,
        ADD COLUMN private_key_key_id text,
        ADD CONSTRAINT signing_key_sealed_with_key_id
          CHECK ((private_key_sealed IS NULL) = (private_key_key_id IS NULL))`);
    await queryRunner.query(`
      ALTER TABLE signing_key
        DROP CONSTRAINT signing_key_check,
        ADD CONSTRAINT signing_key_active_has_private_key
          CHECK (retired_at IS NOT NULL OR private_key_pem IS NOT NULL OR private_key_sealed IS NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM signing_key WHERE retired_at IS NULL AND private_key_pem IS NULL`);
    await queryRunner.query(`
      ALTER TABLE signing_key
        DROP CONSTRAINT signing_key_active_has_private_key,
        DROP CONSTRAINT signing_key_sealed_with_key_id,
        DROP COLUMN private_key_sealed,
        DROP COLUMN private_key_key_id,
        ADD CONSTRAINT signing_key_check CHECK (retired_at IS NOT NULL OR private_key_pem IS NOT NULL)`);
  }
}
