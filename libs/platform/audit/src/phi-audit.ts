import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Caller } from '@referral/platform-auth';
import { currentContext } from '@referral/platform-observability';
import { PHI_AUDIT_ACTIONS, type PhiAuditAction } from './phi-audit-table';

/** What was done to which object; `details` carries ids and versions, never PHI (no CNIC, no clinical text). */
export interface PhiAccess {
  action: PhiAuditAction;
  /** e.g. `referral`, `patient`, `case-file`, `attachment`. */
  objectType: string;
  objectId: string;
  details?: Record<string, string | number | boolean | null>;
}

/** One entry of the log, as `GET …/audit` shows it. */
export interface PhiAuditEntry {
  id: string;
  occurredAt: Date;
  actorClientId: string;
  actorPractitionerId: string | null;
  organizationId: string;
  action: PhiAuditAction;
  objectType: string;
  objectId: string;
  requestId: string | null;
  traceId: string | null;
  details: Record<string, unknown> | null;
}

interface Row {
  id: string;
  occurred_at: Date;
  actor_client_id: string;
  actor_practitioner_id: string | null;
  organization_id: string;
  action: PhiAuditAction;
  object_type: string;
  object_id: string;
  request_id: string | null;
  trace_id: string | null;
  details: Record<string, unknown> | null;
}

const OBJECT_TYPE = /^[a-z]+(-[a-z]+)*$/;

/**
 * The PHI access hook (DESIGN.md §5): who (API client, practitioner), which organization, did what to
 * which object, when, in which request. `record` writes in the caller's transaction, so a change and
 * its entry commit or roll back together; a read is recorded once the object is found and allowed.
 */
@Injectable()
export class PhiAudit {
  constructor(private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, caller: Caller, access: PhiAccess): Promise<void> {
    if (!PHI_AUDIT_ACTIONS.includes(access.action)) {
      throw new Error(`unknown PHI audit action ${String(access.action)}`);
    }
    if (!OBJECT_TYPE.test(access.objectType)) {
      throw new Error(`PHI audit object type must be kebab-case, got ${access.objectType}`);
    }
    const context = currentContext();
    await manager.query(
      `INSERT INTO phi_audit_log
         (actor_client_id, actor_practitioner_id, organization_id, action, object_type, object_id,
          request_id, trace_id, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        caller.clientId,
        caller.practitionerId,
        caller.organizationId,
        access.action,
        access.objectType,
        access.objectId,
        context?.requestId ?? null,
        context?.trace.traceId ?? null,
        access.details ? JSON.stringify(access.details) : null,
      ],
    );
  }

  /** Outside a transaction of the caller's: a read recorded on its own. */
  recordNow(caller: Caller, access: PhiAccess): Promise<void> {
    return this.record(this.dataSource.manager, caller, access);
  }

  /** The object's entries, newest first; `before` (an entry id) pages back. */
  async listForObject(
    objectType: string,
    objectId: string,
    { limit = 50, before }: { limit?: number; before?: string } = {},
  ): Promise<PhiAuditEntry[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT * FROM phi_audit_log
        WHERE object_type = $1 AND object_id = $2 AND ($3::bigint IS NULL OR id < $3::bigint)
        ORDER BY id DESC
        LIMIT $4`,
      [objectType, objectId, before ?? null, Math.min(Math.max(limit, 1), 500)],
    );
    return rows.map((row) => ({
      id: String(row.id),
      occurredAt: row.occurred_at,
      actorClientId: row.actor_client_id,
      actorPractitionerId: row.actor_practitioner_id,
      organizationId: row.organization_id,
      action: row.action,
      objectType: row.object_type,
      objectId: row.object_id,
      requestId: row.request_id,
      traceId: row.trace_id,
      details: row.details,
    }));
  }
}
