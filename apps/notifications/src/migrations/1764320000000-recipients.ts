import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the rules need to find a specialty's pool in the directory projection: whether the licence is
 * valid, and when each role is available (minutes of the week in Asia/Karachi; NULL = always). Rows
 * written before this migration get both from the practitioner's next event; until then they count as
 * licensed and always available. Inbox entries may be addressed to a practitioner whose organization
 * is not known (yet).
 */
export class Recipients1764320000000 implements MigrationInterface {
  name = 'Recipients1764320000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE directory_practitioner ADD COLUMN licence_valid_until date`);
    // An entry for a practitioner the directory projection has not heard of yet is theirs alone.
    await queryRunner.query(`ALTER TABLE notification ALTER COLUMN organization_id DROP NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE directory_practitioner_role
        ADD COLUMN available_minutes int4multirange
          CHECK (available_minutes <@ '{[0,10080]}'::int4multirange)`);
    await queryRunner.query(`
      CREATE INDEX directory_practitioner_role_pool ON directory_practitioner_role (specialty_code)
        INCLUDE (practitioner_id, organization_id, available_minutes) WHERE active`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX directory_practitioner_role_pool');
    await queryRunner.query('ALTER TABLE directory_practitioner_role DROP COLUMN available_minutes');
    await queryRunner.query('ALTER TABLE directory_practitioner DROP COLUMN licence_valid_until');
    await queryRunner.query(`DELETE FROM notification WHERE organization_id IS NULL`);
    await queryRunner.query('ALTER TABLE notification ALTER COLUMN organization_id SET NOT NULL');
  }
}
