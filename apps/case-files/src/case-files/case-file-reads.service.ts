import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  karachiDate,
  pageOf,
  pageSize,
  type CaseFileAuditPage,
  type CaseFileResource,
  type CaseFileSummary,
  type ListCaseFileAuditQuery,
} from '@referral/contracts';
import { PhiAudit } from '@referral/platform-audit';
import type { Caller } from '@referral/platform-auth';
import { Clock, decodeSequenceCursor, encodeSequenceCursor } from '@referral/platform-database';
import { readCursor } from '@referral/platform-http';
import { CaseFileAccess } from './case-file-access';
import { caseFileVersionNotFound } from './case-file-problems';
import { toAuditEntry, toCaseFileResource } from './case-file-resource';
import { findAttachmentIds, findSummaryPatient, toCaseFileSummary } from './case-file-summary';
import { CaseFileRepository } from './case-file.repository';

/** Reading case files and their audit trail; every read of clinical content is audited. */
@Injectable()
export class CaseFileReads {
  constructor(
    private readonly caseFiles: CaseFileRepository,
    private readonly access: CaseFileAccess,
    private readonly audit: PhiAudit,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The current version, or `version` when given. */
  async get(caller: Caller, id: string, version?: number): Promise<CaseFileResource> {
    const caseFile = await this.access.check(caller, await this.caseFiles.findById(id), id, 'read');
    let resource = toCaseFileResource(caseFile);
    if (version !== undefined && version !== caseFile.version) {
      const old = await this.caseFiles.findVersion(id, version);
      if (!old) throw caseFileVersionNotFound(id, version);
      resource = toCaseFileResource(caseFile, { ...old, writtenAt: old.changedAt });
    }
    await this.audit.recordNow(caller, {
      action: 'read',
      objectType: 'case-file',
      objectId: id,
      details: { version: resource.version },
    });
    return resource;
  }

  /**
   * The summary the referrals service asks for when a referral is submitted (internal: the gateway does
   * not route it): whoever may read the case file, else 404 as for one that does not exist. Audited as
   * a read of the case file, `details: { summary: true }`.
   */
  async summary(caller: Caller, id: string): Promise<CaseFileSummary> {
    const caseFile = await this.access.check(caller, await this.caseFiles.findById(id), id, 'read');
    const patient = await findSummaryPatient(this.dataSource.manager, caseFile.patientId);
    if (!patient) throw new Error(`case file ${id} names patient ${caseFile.patientId}, who is not there`);
    const attachmentIds = await findAttachmentIds(this.dataSource.manager, id);
    const summary = toCaseFileSummary(caseFile, patient, karachiDate(this.clock.now()), attachmentIds);
    await this.audit.recordNow(caller, {
      action: 'read',
      objectType: 'case-file',
      objectId: id,
      details: { summary: true },
    });
    return summary;
  }

  /**
   * Who read or changed the case file, newest first. Reading the trail is itself recorded, as a read
   * of the object `case-file-audit` (same id), so that it does not show in the trail it reads.
   */
  async auditTrail(caller: Caller, id: string, query: ListCaseFileAuditQuery): Promise<CaseFileAuditPage> {
    await this.access.check(caller, await this.caseFiles.findById(id), id, 'read-audit');
    const limit = pageSize(query);
    // The cursor is the last entry's id, a positive bigint (a larger number would fail the query: a
    // 500, not the 422 it is).
    const before = readCursor(query.cursor, decodeSequenceCursor);
    const entries = await this.audit.listForObject('case-file', id, { limit: limit + 1, before });
    await this.audit.recordNow(caller, { action: 'read', objectType: 'case-file-audit', objectId: id });
    return pageOf(entries, limit, toAuditEntry, (last) => encodeSequenceCursor(last.id));
  }
}
