import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Case files and their versions. */
export class CaseFiles1764200100000 implements MigrationInterface {
  name = 'CaseFiles1764200100000';

  async up(_queryRunner: QueryRunner): Promise<void> {}

  async down(_queryRunner: QueryRunner): Promise<void> {}
}
