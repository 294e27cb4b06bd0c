import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Specialties (seeded) and organizations. */
export class Organizations1764190000000 implements MigrationInterface {
  name = 'Organizations1764190000000';

  async up(_queryRunner: QueryRunner): Promise<void> {}

  async down(_queryRunner: QueryRunner): Promise<void> {}
}
