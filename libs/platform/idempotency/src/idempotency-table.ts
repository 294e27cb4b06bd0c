import type { QueryRunner } from 'typeorm';

/**
 * The answers a service gave to requests with an `Idempotency-Key`, one per API client and key, each
 * written in the transaction of the change it answers (IdempotentWrites). Called from the service's
 * own migration, so the table belongs to that service's database. Only answers are stored: a request
 * in flight holds a transaction-level advisory lock instead of a row.
 */
export async function createIdempotencyTable(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE idempotency_record (
      client_id        text NOT NULL,
      key              text NOT NULL,
      request_hash     text NOT NULL,
      response_status  integer NOT NULL,
      response_headers jsonb NOT NULL,
      response_body    bytea NOT NULL,
      response_key_id  text NOT NULL,
      created_at       timestamptz NOT NULL DEFAULT now(),
      expires_at       timestamptz NOT NULL,
      PRIMARY KEY (client_id, key)
    )`);
  await queryRunner.query(`CREATE INDEX idempotency_record_by_expiry ON idempotency_record (expires_at)`);
}

export async function dropIdempotencyTable(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query('DROP TABLE idempotency_record');
}
