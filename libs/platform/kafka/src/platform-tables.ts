import type { QueryRunner } from 'typeorm';

/**
 * The outbox and inbox tables every service that publishes or consumes has. Called from the
 * service's own first migration, so the tables belong to that service's database and history.
 */
export async function createOutboxTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE outbox (
      seq          bigserial PRIMARY KEY,
      id           uuid NOT NULL UNIQUE,
      topic        text NOT NULL,
      key          text NOT NULL,
      type         text NOT NULL,
      headers      jsonb NOT NULL,
      payload      jsonb NOT NULL,
      created_at   timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz,
      attempts     integer NOT NULL DEFAULT 0,
      last_error   text
    )`);
  await queryRunner.query(`CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL`);
  await queryRunner.query(
    `CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL`,
  );
  // One row that a relay locks (SKIP LOCKED) while it drains, so that several instances never
  // publish one aggregate's events out of order.
  await queryRunner.query(`CREATE TABLE outbox_relay_lease (id smallint PRIMARY KEY CHECK (id = 1))`);
  await queryRunner.query(`INSERT INTO outbox_relay_lease (id) VALUES (1)`);
}

export async function createInboxTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE inbox (
      consumer    text NOT NULL,
      event_id    uuid NOT NULL,
      event_type  text NOT NULL,
      topic       text NOT NULL,
      "partition" integer NOT NULL,
      "offset"    bigint NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id)
    )`);
}

/**
 * The retention purge deletes inbox rows by age (`received_at < …`, in batches): without this index
 * every round of every instance would read the whole table, expired rows or not.
 */
export async function createInboxAgeIndex(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`CREATE INDEX IF NOT EXISTS inbox_received_at ON inbox (received_at)`);
}

export async function dropInboxAgeIndex(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`DROP INDEX IF EXISTS inbox_received_at`);
}
