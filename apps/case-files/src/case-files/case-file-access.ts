import type { Caller } from '@referral/platform-auth';
import { caseFileNotFound } from './case-file-problems';
import type { CaseFileEntity } from './case-file.entity';

/**
 * Who reaches a case file, once the route's roles have let the caller in. Reading and changing: the
 * referring organization only. The audit trail: its clinicians, and admins of any organization (who
 * oversee access without reading clinical content). Anyone else is told nothing (404). Specialists
 * holding a referral will read through grants (issue 5, item 4), not yet.
 */
export type CaseFileAction = 'read' | 'update' | 'read-audit';

function allowed(caller: Caller, caseFile: CaseFileEntity, action: CaseFileAction): boolean {
  if (action === 'read-audit' && caller.roles.includes('admin')) return true;
  return caller.organizationId === caseFile.organizationId;
}

/** @throws the 404 problem when the caller may not know the case file exists */
export function assertAccess(
  caller: Caller,
  caseFile: CaseFileEntity | null,
  id: string,
  action: CaseFileAction,
): asserts caseFile is CaseFileEntity {
  if (!caseFile || !allowed(caller, caseFile, action)) throw caseFileNotFound(id);
}
