import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The directory's organizations as `directory.organization.v1` announces them (id, active, when): what
 * an admin's webhook endpoint is checked against. Kind, district and province are not kept, nor the
 * name or phone (the events do not carry them).
 */
export class DirectoryOrganizations1764400100000 implements MigrationInterface {
  name = 'DirectoryOrganizations1764400100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE directory_organization (
        organization_id uuid PRIMARY KEY,
        active          boolean NOT NULL,
        last_event_at   timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE directory_organization');
  }
}
