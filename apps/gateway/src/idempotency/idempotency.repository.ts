import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { IdempotencyRecordEntity, type StoredResponseHeaders } from './idempotency-record.entity';

export interface IdempotencyClaim {
  clientId: string;
  key: string;
  method: string;
  path: string;
  requestHash: string;
  /** The claim's time: only the holder of this claim completes or releases the record. */
  claimedAt: Date;
  expiresAt: Date;
}

export interface StoredResponse {
  status: number;
  headers: StoredResponseHeaders;
  /** The body sealed under `keyId` (never the plaintext). */
  body: Buffer;
  keyId: string;
}

/**
 * The gateway's idempotency records. Writes that depend on a claim match `created_at`, which a
 * take-over of an abandoned claim changes: a late answer of the abandoned request then changes nothing.
 * Counting statements are a SELECT over a data-modifying CTE, whose result shape is the same in every driver.
 */
@Injectable()
export class IdempotencyRepository {
  constructor(
    @InjectRepository(IdempotencyRecordEntity) private readonly records: Repository<IdempotencyRecordEntity>,
  ) {}

  /** Inserts an in-flight record; false when the client already has a record with that key. */
  async claim(claim: IdempotencyClaim): Promise<boolean> {
    const rows: unknown[] = await this.records.query(
      `INSERT INTO idempotency_record
         (client_id, key, method, path, request_hash, status, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, 'in_flight', $6, $7)
       ON CONFLICT (client_id, key) DO NOTHING
       RETURNING client_id`,
      [
        claim.clientId,
        claim.key,
        claim.method,
        claim.path,
        claim.requestHash,
        claim.claimedAt,
        claim.expiresAt,
      ],
    );
    return rows.length === 1;
  }

  find(clientId: string, key: string): Promise<IdempotencyRecordEntity | null> {
    return this.records.findOneBy({ clientId, key });
  }

  /** Takes over an in-flight claim made at `staleClaimedAt`; false when someone else changed it first. */
  takeOver(clientId: string, key: string, staleClaimedAt: Date, claimedAt: Date): Promise<boolean> {
    return this.changed(
      `UPDATE idempotency_record SET created_at = $4
        WHERE client_id = $1 AND key = $2 AND status = 'in_flight' AND created_at = $3`,
      [clientId, key, staleClaimedAt, claimedAt],
    );
  }

  /** Stores the answer of the claim. */
  complete(clientId: string, key: string, claimedAt: Date, response: StoredResponse): Promise<boolean> {
    return this.changed(
      `UPDATE idempotency_record
          SET status = 'completed', response_status = $4, response_headers = $5::jsonb,
              response_body = $6, response_key_id = $7, completed_at = now()
        WHERE client_id = $1 AND key = $2 AND status = 'in_flight' AND created_at = $3`,
      [
        clientId,
        key,
        claimedAt,
        response.status,
        JSON.stringify(response.headers),
        response.body,
        response.keyId,
      ],
    );
  }

  /** Forgets the claim (the request failed without an answer), so the client can try again. */
  release(clientId: string, key: string, claimedAt: Date): Promise<boolean> {
    return this.changed(
      `DELETE FROM idempotency_record
        WHERE client_id = $1 AND key = $2 AND status = 'in_flight' AND created_at = $3`,
      [clientId, key, claimedAt],
    );
  }

  /** Deletes the record when it has expired (the purge has not come by yet). */
  deleteIfExpired(clientId: string, key: string, now: Date): Promise<boolean> {
    return this.changed(
      `DELETE FROM idempotency_record WHERE client_id = $1 AND key = $2 AND expires_at <= $3`,
      [clientId, key, now],
    );
  }

  /**
   * Deletes the completed record made at `createdAt` whose body is not sealed (stored in the clear
   * before encryption at rest, by an older instance): it counts as expired.
   */
  deleteUnsealed(clientId: string, key: string, createdAt: Date): Promise<boolean> {
    return this.changed(
      `DELETE FROM idempotency_record
        WHERE client_id = $1 AND key = $2 AND status = 'completed' AND response_key_id IS NULL
          AND created_at = $3`,
      [clientId, key, createdAt],
    );
  }

  /** Whether a record of one of these paths (without their query) unexpired at `now` exists. */
  async anyUnexpired(method: string, paths: string[], now: Date): Promise<boolean> {
    const rows: { found: boolean }[] = await this.records.query(
      `SELECT EXISTS (
         SELECT 1 FROM idempotency_record
          WHERE method = $1 AND rtrim(split_part(path, '?', 1), '/') = ANY($2) AND expires_at > $3) AS found`,
      [method, paths, now],
    );
    return rows[0]?.found === true;
  }

  /** Deletes up to `limit` records expired at `now`; how many it deleted. */
  async purgeExpired(limit: number, now: Date): Promise<number> {
    const rows: { n: number }[] = await this.records.query(
      `WITH gone AS (
         DELETE FROM idempotency_record
          WHERE ctid IN (SELECT ctid FROM idempotency_record WHERE expires_at <= $2 LIMIT $1)
          RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [limit, now],
    );
    return rows[0]?.n ?? 0;
  }

  private async changed(statement: string, parameters: unknown[]): Promise<boolean> {
    const rows: { n: number }[] = await this.records.query(
      `WITH changed AS (${statement} RETURNING 1) SELECT count(*)::int AS n FROM changed`,
      parameters,
    );
    return (rows[0]?.n ?? 0) > 0;
  }
}
