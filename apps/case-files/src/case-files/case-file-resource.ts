import type { CaseFileAuditEntry, CaseFileEventData, CaseFileResource } from '@referral/contracts';
import type { PhiAuditEntryEntity } from '@referral/platform-audit';
import { toVitalsResource, type CaseFileContent } from './case-file-content';
import type { CaseFileEntity } from './case-file.entity';

/** The case file with the content of one version (the current one unless given). */
export function toCaseFileResource(
  caseFile: CaseFileEntity,
  at: { version: number; content: CaseFileContent; writtenAt: Date } = {
    version: caseFile.version,
    content: caseFile.content,
    writtenAt: caseFile.updatedAt,
  },
): CaseFileResource {
  return {
    id: caseFile.id,
    patientId: caseFile.patientId,
    organizationId: caseFile.organizationId,
    version: at.version,
    chiefComplaint: at.content.chiefComplaint,
    history: at.content.history,
    vitals: toVitalsResource(at.content.vitals),
    medications: at.content.medications,
    allergies: at.content.allergies,
    createdAt: caseFile.createdAt.toISOString(),
    updatedAt: at.writtenAt.toISOString(),
  };
}

/** Ids and the version only: no complaint, history, vitals or anything that names the patient. */
export function toCaseFileEventData(caseFile: CaseFileEntity): CaseFileEventData {
  return {
    caseFileId: caseFile.id,
    patientId: caseFile.patientId,
    organizationId: caseFile.organizationId,
    version: caseFile.version,
    occurredAt: caseFile.updatedAt.toISOString(),
  };
}

export function toAuditEntry(entry: PhiAuditEntryEntity): CaseFileAuditEntry {
  const version = entry.details?.version;
  const attachmentId = entry.details?.attachmentId;
  return {
    occurredAt: entry.occurredAt.toISOString(),
    actorClientId: entry.actorClientId,
    actorPractitionerId: entry.actorPractitionerId,
    organizationId: entry.organizationId,
    action: entry.action,
    version: typeof version === 'number' ? version : null,
    attachmentId: typeof attachmentId === 'string' ? attachmentId : null,
    requestId: entry.requestId,
  };
}

/** The ETag of a version: strong, the version number quoted. */
export const etagOf = (version: number) => `"${version}"`;
