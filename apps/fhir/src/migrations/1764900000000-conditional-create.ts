import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The identifiers clients gave their ServiceRequests (conditional create, `If-None-Exist`): one
 * referral per organization, identifier system and value, for as long as the referral exists.
 */
export class ConditionalCreate1764900000000 implements MigrationInterface {
  name = 'ConditionalCreate1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE client_identifier (
        organization_id uuid NOT NULL,
        system text NOT NULL,
        value text NOT NULL,
        referral_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (organization_id, system, value)
      )`);
    await queryRunner.query('CREATE INDEX client_identifier_referral ON client_identifier (referral_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE client_identifier');
  }
}
