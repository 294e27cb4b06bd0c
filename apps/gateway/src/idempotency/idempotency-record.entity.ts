import { Column, Entity, PrimaryColumn } from 'typeorm';

export type IdempotencyStatus = 'in_flight' | 'completed';

/** The response headers a replay gives back. */
export type StoredResponseHeaders = Partial<Record<'content-type' | 'location' | 'etag', string>>;

/** The first answer to a POST with an `Idempotency-Key`, per API client and key. */
@Entity('idempotency_record')
export class IdempotencyRecordEntity {
  @PrimaryColumn('text', { name: 'client_id' })
  clientId: string;

  @PrimaryColumn('text')
  key: string;

  @Column('text')
  method: string;

  @Column('text')
  path: string;

  /** sha256 (hex) of method, path and canonical body JSON. */
  @Column('text', { name: 'request_hash' })
  requestHash: string;

  @Column('text')
  status: IdempotencyStatus;

  @Column('integer', { name: 'response_status', nullable: true })
  responseStatus: number | null;

  @Column('jsonb', { name: 'response_headers', nullable: true })
  responseHeaders: StoredResponseHeaders | null;

  /** The answer's body, sealed: AES-256-GCM `iv ‖ tag ‖ ciphertext`, bound to client id and key. */
  @Column('bytea', { name: 'response_body', nullable: true })
  responseBody: Buffer | null;

  /** The id of the `IDEMPOTENCY_ENCRYPTION_KEY` key that sealed the body; null on in-flight records. */
  @Column('text', { name: 'response_key_id', nullable: true })
  responseKeyId: string | null;

  /** When the request was claimed (or taken over): also the claim's fencing token. */
  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt: Date | null;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;
}
