import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PhiAuditAction } from './phi-audit-table';

/** Ids, versions, counts: never a CNIC, a name or clinical text. */
export type PhiAuditDetails = Record<string, string | number | boolean | null>;

/**
 * One entry of `phi_audit_log` (created by `createPhiAuditTable`). Written only through `PhiAudit`;
 * the database refuses to change or remove it. A service lists it in its `entities`.
 */
@Entity('phi_audit_log')
export class PhiAuditEntryEntity {
  /** bigint: TypeORM gives it as a string. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @CreateDateColumn({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column('text', { name: 'actor_client_id' })
  actorClientId: string;

  @Column('uuid', { name: 'actor_practitioner_id', nullable: true })
  actorPractitionerId: string | null;

  /** The actor's organization. */
  @Column('uuid', { name: 'organization_id' })
  organizationId: string;

  @Column('text')
  action: PhiAuditAction;

  @Column('text', { name: 'object_type' })
  objectType: string;

  @Column('text', { name: 'object_id' })
  objectId: string;

  @Column('text', { name: 'request_id', nullable: true })
  requestId: string | null;

  @Column('text', { name: 'trace_id', nullable: true })
  traceId: string | null;

  @Column('jsonb', { nullable: true })
  details: PhiAuditDetails | null;
}
