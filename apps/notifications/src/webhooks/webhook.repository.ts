import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { WebhookDeliveryStatus, WebhookPayloadKind } from '@referral/contracts';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import { currentTraceparent } from '@referral/platform-observability';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

/** A delivery log entry with the type of its message. */
export interface DeliveryLogEntry extends WebhookDeliveryEntity {
  eventType: string;
}

/** A pending attempt this instance leased, with what it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  organizationId: string;
  webhookId: string;
  attempt: number;
  leaseToken: string;
  url: string;
  secretCiphertext: string;
  /** Only while the rotation window is open. */
  previousSecretCiphertext: string | null;
  /** The endpoint's own headers, encrypted (`openHeaders`); null: none. */
  headersCiphertext: string | null;
  /** The endpoint's choice: `none` sends the message without its body. */
  payload: WebhookPayloadKind;
  eventType: string;
  body: string;
  /** The trace the message belongs to (W3C traceparent), when it was made in one. */
  traceparent: string | null;
}

export interface AttemptResult {
  status: Exclude<WebhookDeliveryStatus, 'pending'>;
  attemptedAt: Date;
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
  /** Wait before the next attempt; null: none (succeeded, or failed for good). */
  retryInMs: number | null;
}

export interface Position {
  createdAt: Date;
  id: string;
}

const DELIVERY_COLUMNS = `d.id, d.endpoint_id AS "endpointId", d.webhook_id AS "webhookId", d.attempt,
  d.replay_of AS "replayOf", d.status, d.due_at AS "dueAt", d.lease_until AS "leaseUntil",
  d.lease_token AS "leaseToken", d.attempted_at AS "attemptedAt", d.response_status AS "responseStatus",
  d.error, d.duration_ms AS "durationMs", d.next_attempt_at AS "nextAttemptAt", d.created_at AS "createdAt",
  m.event_type AS "eventType"`;

/**
 * The webhook tables. Scheduling times (`due_at`, `next_attempt_at`, leases) come from the database's
 * clock, so that instances whose clocks differ agree on what is due.
 */
@Injectable()
export class WebhookRepository {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(WebhookEndpointEntity) private readonly endpoints: Repository<WebhookEndpointEntity>,
  ) {}

  // ---- endpoints ----------------------------------------------------------------------------------

  async insertEndpoint(endpoint: Omit<WebhookEndpointEntity, 'createdAt' | 'updatedAt'>) {
    await this.endpoints.insert(endpoint);
    return (await this.findEndpoint(endpoint.id))!;
  }

  findEndpoint(id: string, manager?: EntityManager): Promise<WebhookEndpointEntity | null> {
    return (manager ?? this.dataSource.manager).findOneBy(WebhookEndpointEntity, { id });
  }

  /** The endpoint, locked for a change (in the caller's transaction). */
  lockEndpoint(manager: EntityManager, id: string): Promise<WebhookEndpointEntity | null> {
    return manager.findOne(WebhookEndpointEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async updateEndpoint(manager: EntityManager, id: string, changes: Partial<WebhookEndpointEntity>) {
    await manager.update(WebhookEndpointEntity, id, {
      ...changes,
      updatedAt: () => `date_trunc('milliseconds', now())`,
    } as never);
    return (await this.findEndpoint(id, manager))!;
  }

  async deleteEndpoint(id: string): Promise<void> {
    await this.endpoints.delete(id);
  }

  /** Oldest first, from after `after`; one more than `limit` tells there is a next page. */
  listEndpoints(filter: { organizationId?: string; after?: Position; limit: number }) {
    const query = this.endpoints
      .createQueryBuilder('e')
      .orderBy('e.created_at', 'ASC')
      .addOrderBy('e.id', 'ASC');
    if (filter.organizationId) query.andWhere('e.organization_id = :org', { org: filter.organizationId });
    if (filter.after) {
      query.andWhere('(e.created_at, e.id) > (:at, :id)', {
        at: filter.after.createdAt,
        id: filter.after.id,
      });
    }
    return query.take(filter.limit + 1).getMany();
  }

  /** The enabled endpoints of these organizations. */
  enabledEndpointsOf(
    manager: EntityManager,
    organizationIds: readonly string[],
  ): Promise<{ id: string; organizationId: string; eventTypes: string[] }[]> {
    return manager.query(
      `SELECT id, organization_id AS "organizationId", event_types AS "eventTypes"
         FROM webhook_endpoint WHERE organization_id = ANY($1::uuid[]) AND enabled ORDER BY id`,
      [organizationIds],
    );
  }

  /** Disables an endpoint its receiver declared gone (410); false when it already was disabled. */
  async disableGone(manager: EntityManager, endpointId: string): Promise<boolean> {
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE … RETURNING as [rows, count].
    const rows: unknown[] = await manager.query(
      `WITH disabled AS (
         UPDATE webhook_endpoint SET enabled = false, disabled_reason = 'gone', updated_at = date_trunc('milliseconds', now())
          WHERE id = $1 AND enabled RETURNING id)
       SELECT id FROM disabled`,
      [endpointId],
    );
    return rows.length > 0;
  }

  // ---- messages and attempts ---------------------------------------------------------------------

  /** A message, once: the same event seen again keeps the first body. */
  async insertMessage(manager: EntityManager, message: { id: string; eventType: string; body: string }) {
    await manager.query(
      `INSERT INTO webhook_message (id, event_type, body, traceparent) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO NOTHING`,
      // The trace of the work that made the message (the consumed event's): its deliveries continue it.
      [message.id, message.eventType, message.body, currentTraceparent() ?? null],
    );
  }

  /** The first attempt of a message to each endpoint, due now; never twice for one endpoint and message. */
  async insertFirstAttempts(manager: EntityManager, webhookId: string, endpointIds: readonly string[]) {
    if (endpointIds.length === 0) return 0;
    const rows: unknown[] = await manager.query(
      `INSERT INTO webhook_delivery (id, endpoint_id, webhook_id, attempt, status, due_at)
       SELECT e.id, e.endpoint_id, $1, 1, 'pending', now()
         FROM unnest($2::uuid[], $3::uuid[]) AS e(id, endpoint_id)
       ON CONFLICT (endpoint_id, webhook_id) WHERE attempt = 1 AND replay_of IS NULL DO NOTHING
       RETURNING id`,
      [webhookId, endpointIds.map(() => randomUUID()), endpointIds],
    );
    return rows.length;
  }

  /** A new chain for an endpoint's message (test event, replay): its first attempt, due now. */
  async insertChain(
    manager: EntityManager,
    attempt: { endpointId: string; webhookId: string; replayOf: string | null },
  ): Promise<DeliveryLogEntry> {
    const id = randomUUID();
    await manager.query(
      `INSERT INTO webhook_delivery (id, endpoint_id, webhook_id, attempt, replay_of, status, due_at)
       VALUES ($1, $2, $3, 1, $4, 'pending', now())`,
      [id, attempt.endpointId, attempt.webhookId, attempt.replayOf],
    );
    return (await this.findDelivery(id, manager))!;
  }

  async findDelivery(id: string, manager?: EntityManager): Promise<DeliveryLogEntry | null> {
    const rows: DeliveryLogEntry[] = await (manager ?? this.dataSource.manager).query(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_delivery d JOIN webhook_message m ON m.id = d.webhook_id WHERE d.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Whether an attempt of this message to this endpoint is still to be made. */
  async hasPendingAttempt(manager: EntityManager, endpointId: string, webhookId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM webhook_delivery WHERE endpoint_id = $1 AND webhook_id = $2 AND status = 'pending' LIMIT 1`,
      [endpointId, webhookId],
    );
    return rows.length > 0;
  }

  /** An endpoint's log, newest first, from before `before`; one more than `limit` tells there is a next page. */
  listDeliveries(
    endpointId: string,
    filter: { status?: WebhookDeliveryStatus; webhookId?: string; before?: Position; limit: number },
  ): Promise<DeliveryLogEntry[]> {
    const values: unknown[] = [endpointId];
    const where = ['d.endpoint_id = $1'];
    if (filter.status) where.push(`d.status = $${values.push(filter.status)}`);
    if (filter.webhookId) where.push(`d.webhook_id = $${values.push(filter.webhookId)}`);
    if (filter.before) {
      where.push(
        `(d.created_at, d.id) < ($${values.push(filter.before.createdAt)}, $${values.push(filter.before.id)})`,
      );
    }
    return this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_delivery d JOIN webhook_message m ON m.id = d.webhook_id
        WHERE ${where.join(' AND ')}
        ORDER BY d.created_at DESC, d.id DESC
        LIMIT $${values.push(filter.limit + 1)}`,
      values,
    );
  }

  // ---- the delivery worker ----------------------------------------------------------------------

  /**
   * Leases up to `limit` due pending attempts of enabled endpoints for `leaseMs`, earliest first.
   * `FOR UPDATE SKIP LOCKED` lets every instance claim at once without taking the same row; the lease
   * keeps others off while this one sends (no transaction stays open meanwhile), and, should this
   * instance die, lets another take the attempt once it expires. Due times and leases are the
   * database's clock (every instance shares it); whether a rotated-out secret still signs is decided at
   * `now`, the Clock that set its expiry.
   */
  async claimDue(limit: number, leaseMs: number, now: Date): Promise<ClaimedDelivery[]> {
    return this.dataSource.query(
      `WITH due AS (
         SELECT d.id FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
          WHERE d.status = 'pending' AND d.due_at <= now()
            AND (d.lease_until IS NULL OR d.lease_until <= now()) AND e.enabled
          ORDER BY d.due_at, d.id
          LIMIT $1
          FOR UPDATE OF d SKIP LOCKED
       ), claimed AS (
         UPDATE webhook_delivery d
            SET lease_until = now() + $2 * interval '1 millisecond', lease_token = $3
           FROM due WHERE d.id = due.id
         RETURNING d.id, d.endpoint_id, d.webhook_id, d.attempt, d.lease_token
       )
       SELECT c.id, c.endpoint_id AS "endpointId", e.organization_id AS "organizationId",
              c.webhook_id AS "webhookId", c.attempt, c.lease_token AS "leaseToken", e.url,
              e.secret_ciphertext AS "secretCiphertext",
              CASE WHEN e.previous_secret_expires_at > $4 THEN e.previous_secret_ciphertext END
                AS "previousSecretCiphertext",
              e.headers_ciphertext AS "headersCiphertext", e.payload, m.event_type AS "eventType", m.body,
              m.traceparent
         FROM claimed c
         JOIN webhook_endpoint e ON e.id = c.endpoint_id
         JOIN webhook_message m ON m.id = c.webhook_id`,
      [limit, leaseMs, randomUUID(), now],
    );
  }

  /**
   * Records an attempt's outcome if this instance still holds its lease (false otherwise: it expired
   * and another instance took the attempt over, or the endpoint was deleted); a retry becomes a new
   * pending attempt, due after `retryInMs`.
   */
  async recordAttempt(
    manager: EntityManager,
    claim: ClaimedDelivery,
    result: AttemptResult,
  ): Promise<{ recorded: boolean; nextAttemptAt: Date | null }> {
    const rows: { nextAttemptAt: Date | null }[] = await manager.query(
      `WITH recorded AS (
       UPDATE webhook_delivery
          SET status = $3, attempted_at = $4, response_status = $5, error = $6, duration_ms = $7,
              next_attempt_at = CASE WHEN $8::bigint IS NULL THEN NULL
                                     ELSE date_trunc('milliseconds', clock_timestamp()) + $8::bigint * interval '1 millisecond' END,
              lease_until = NULL, lease_token = NULL
        WHERE id = $1 AND lease_token = $2 AND status = 'pending'
        RETURNING next_attempt_at)
       SELECT next_attempt_at AS "nextAttemptAt" FROM recorded`,
      [
        claim.id,
        claim.leaseToken,
        result.status,
        result.attemptedAt,
        result.responseStatus,
        result.error,
        result.durationMs,
        result.retryInMs,
      ],
    );
    if (rows.length === 0) return { recorded: false, nextAttemptAt: null };
    const { nextAttemptAt } = rows[0];
    if (nextAttemptAt) {
      await manager.query(
        `INSERT INTO webhook_delivery (id, endpoint_id, webhook_id, attempt, status, due_at)
         VALUES ($1, $2, $3, $4, 'pending', $5)`,
        [randomUUID(), claim.endpointId, claim.webhookId, claim.attempt + 1, nextAttemptAt],
      );
    }
    return { recorded: true, nextAttemptAt };
  }

  /** Gives an attempt back unsent (this instance is stopping): due at once for any instance. */
  async releaseLease(claim: ClaimedDelivery): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_delivery SET lease_until = NULL, lease_token = NULL WHERE id = $1 AND lease_token = $2`,
      [claim.id, claim.leaseToken],
    );
  }
}
