import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Practitioners and their roles. */
export class Practitioners1764190100000 implements MigrationInterface {
  name = 'Practitioners1764190100000';

  async up(_queryRunner: QueryRunner): Promise<void> {}

  async down(_queryRunner: QueryRunner): Promise<void> {}
}
