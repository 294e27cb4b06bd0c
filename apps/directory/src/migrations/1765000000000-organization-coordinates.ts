import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Optional coordinates of an organization (issue 17): WGS 84 degrees, both or neither. */
export class OrganizationCoordinates1765000000000 implements MigrationInterface {
  name = 'OrganizationCoordinates1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE organization
        ADD COLUMN latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        ADD COLUMN longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        ADD CONSTRAINT organization_coordinates_paired CHECK ((latitude IS NULL) = (longitude IS NULL))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE organization
        DROP CONSTRAINT organization_coordinates_paired,
        DROP COLUMN longitude,
        DROP COLUMN latitude`);
  }
}
