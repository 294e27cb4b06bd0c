import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Idempotency records of proxied POSTs: one per API client and key, kept at least 24 h. */
export class Idempotency1764175000000 implements MigrationInterface {
  name = 'Idempotency1764175000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE idempotency_record (
        client_id        text NOT NULL,
        key              text NOT NULL,
        method           text NOT NULL,
        path             text NOT NULL,
        request_hash     text NOT NULL,
        status           text NOT NULL CHECK (status IN ('in_flight', 'completed')),
        response_status  integer,
        response_headers jsonb,
        response_body    bytea,
        created_at       timestamptz NOT NULL DEFAULT now(),
        completed_at     timestamptz,
        expires_at       timestamptz NOT NULL,
        PRIMARY KEY (client_id, key),
        CHECK (status = 'in_flight' OR (response_status IS NOT NULL AND completed_at IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX idempotency_record_by_expiry ON idempotency_record (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE idempotency_record');
  }
}
