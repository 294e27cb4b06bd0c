import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, LessThan, type EntityManager } from 'typeorm';
import type { Caller } from '@referral/platform-auth';
import { currentContext } from '@referral/platform-observability';
import { PhiAuditEntryEntity, type PhiAuditDetails } from './phi-audit-entry.entity';
import { isPhiAuditAction, type PhiAuditAction } from './phi-audit-table';

/** What was done to which object. */
export interface PhiAccess {
  action: PhiAuditAction;
  /** Kebab-case: `referral`, `patient`, `case-file`, `attachment`. */
  objectType: string;
  objectId: string;
  /** Ids, versions, counts: never a CNIC, a name or clinical text. */
  details?: PhiAuditDetails;
}

export interface PhiAuditPage {
  /** 1–500, default 50. */
  limit?: number;
  /** An entry id: only older entries. */
  before?: string;
}

const OBJECT_TYPE = /^[a-z]+(-[a-z]+)*$/;
const ENTRY_ID = /^[1-9]\d{0,18}$/;
/** 13 digits, with or without the dashes of 12345-1234567-1. */
const CNIC_SHAPED = /(^|\D)\d{5}-?\d{7}-?\d(\D|$)/;
const MAX_DETAIL_LENGTH = 100;

/**
 * The PHI access hook (DESIGN.md §5): who (API client, practitioner), which organization, did what to
 * which object, when, in which request and trace. `record` writes in the caller's transaction, so a
 * change and its entry commit or roll back together; a read is recorded once the object is found and
 * the caller allowed. An entry that cannot be written fails the request: no unaudited access.
 */
@Injectable()
export class PhiAudit implements OnModuleInit {
  constructor(private readonly dataSource: DataSource) {}

  /** A service that forgot the entity fails at start, not at its first audited request. */
  onModuleInit(): void {
    if (!this.dataSource.hasMetadata(PhiAuditEntryEntity)) {
      throw new Error(
        'PhiAuditEntryEntity is not among the TypeORM entities of this service: add it to entities.ts ' +
          '(and createPhiAuditTable to a migration)',
      );
    }
  }

  async record(manager: EntityManager, caller: Caller, access: PhiAccess): Promise<void> {
    assertAccess(access);
    const context = currentContext();
    await manager.insert(PhiAuditEntryEntity, {
      actorClientId: caller.clientId,
      actorPractitionerId: caller.practitionerId,
      organizationId: caller.organizationId,
      action: access.action,
      objectType: access.objectType,
      objectId: access.objectId,
      requestId: context?.requestId ?? null,
      traceId: context?.trace.traceId ?? null,
      details: access.details ?? null,
    });
  }

  /** A read, recorded on its own (there is no transaction of the caller's to join). */
  recordNow(caller: Caller, access: PhiAccess): Promise<void> {
    return this.record(this.dataSource.manager, caller, access);
  }

  /** The object's entries, newest first; `before` (an entry id) pages back. */
  listForObject(
    objectType: string,
    objectId: string,
    { limit = 50, before }: PhiAuditPage = {},
  ): Promise<PhiAuditEntryEntity[]> {
    if (before !== undefined && !ENTRY_ID.test(before)) {
      throw new Error(`PHI audit page cursor must be an entry id, got ${before}`);
    }
    return this.dataSource.getRepository(PhiAuditEntryEntity).find({
      where: { objectType, objectId, ...(before !== undefined && { id: LessThan(before) }) },
      order: { id: 'DESC' },
      take: Math.min(Math.max(Math.trunc(limit) || 1, 1), 500),
    });
  }
}

function assertAccess(access: PhiAccess): void {
  if (!isPhiAuditAction(access.action)) {
    throw new Error(`unknown PHI audit action ${String(access.action)}`);
  }
  if (!OBJECT_TYPE.test(access.objectType)) {
    throw new Error(`PHI audit object type must be kebab-case, got ${access.objectType}`);
  }
  if (!access.objectId) throw new Error('PHI audit entry without an object id');
  for (const [key, value] of Object.entries(access.details ?? {})) {
    if (typeof value !== 'string') continue;
    // A guard against the obvious mistakes, not a PHI detector: details are ids and versions.
    if (value.length > MAX_DETAIL_LENGTH || CNIC_SHAPED.test(value)) {
      throw new Error(`PHI audit detail ${key} looks like personal data: details carry ids and versions`);
    }
  }
}
