import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks to partner systems (Standard Webhooks 1.0): endpoints with their encrypted signing secrets,
 * the messages (one per event; `id` is the `webhook-id`, `body` the exact JSON signed and sent), and
 * the delivery log — one row per attempt, a scheduled attempt being a `pending` row that the delivery
 * worker takes when it is due. All delivery state lives here, so a restart loses nothing. Times that
 * list cursors carry are kept to the millisecond, as JavaScript reads them.
 */
export class Webhooks1764230100000 implements MigrationInterface {
  name = 'Webhooks1764230100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE webhook_endpoint (
        id                         uuid PRIMARY KEY,
        organization_id            uuid NOT NULL,
        url                        text NOT NULL,
        event_types                text[] NOT NULL CHECK (cardinality(event_types) > 0),
        description                text,
        enabled                    boolean NOT NULL DEFAULT true,
        disabled_reason            text CHECK (disabled_reason IN ('manual', 'gone')),
        secret_ciphertext          text NOT NULL,
        previous_secret_ciphertext text,
        previous_secret_expires_at timestamptz,
        created_at                 timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at                 timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CHECK (enabled = (disabled_reason IS NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX webhook_endpoint_by_organization ON webhook_endpoint (organization_id, created_at, id)`,
    );
    await queryRunner.query(`
      CREATE TABLE webhook_message (
        id         uuid PRIMARY KEY,
        event_type text NOT NULL,
        body       text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE webhook_delivery (
        id              uuid PRIMARY KEY,
        endpoint_id     uuid NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
        webhook_id      uuid NOT NULL REFERENCES webhook_message (id),
        attempt         integer NOT NULL CHECK (attempt >= 1),
        replay_of       uuid,
        status          text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
        due_at          timestamptz NOT NULL,
        lease_until     timestamptz,
        lease_token     uuid,
        attempted_at    timestamptz,
        response_status integer,
        error           text,
        duration_ms     integer,
        next_attempt_at timestamptz,
        created_at      timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp())
      )`);
    // An event goes to an endpoint once (a redelivered event cannot double it); a replay, asked for by
    // its owner, starts a chain of its own.
    await queryRunner.query(`
      CREATE UNIQUE INDEX webhook_delivery_once ON webhook_delivery (endpoint_id, webhook_id)
        WHERE attempt = 1 AND replay_of IS NULL`);
    await queryRunner.query(
      `CREATE INDEX webhook_delivery_due ON webhook_delivery (due_at) WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX webhook_delivery_log ON webhook_delivery (endpoint_id, created_at DESC, id DESC)`,
    );
    await queryRunner.query(`CREATE INDEX webhook_delivery_by_message ON webhook_delivery (webhook_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE webhook_delivery');
    await queryRunner.query('DROP TABLE webhook_message');
    await queryRunner.query('DROP TABLE webhook_endpoint');
  }
}
