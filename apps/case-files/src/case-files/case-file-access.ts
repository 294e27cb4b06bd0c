import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '@referral/platform-auth';
import { AccessGrantRepository } from '../access-grants/access-grant.repository';
import { caseFileNotFound } from './case-file-problems';
import type { CaseFileEntity } from './case-file.entity';

export type CaseFileAction = 'read' | 'update' | 'read-audit';

/**
 * Who reaches a case file, once the route's roles have let the caller in. Reading and changing: the
 * referring organization. Reading also: a specialist whose practitioner holds a referral on it, or held
 * one that closed less than CASE_FILE_ACCESS_AFTER_CLOSE_DAYS ago (grants from referral events); a
 * grant never lets anyone change the case file or read its audit trail. The audit trail: the referring
 * organization's clinicians, and admins of any organization (who oversee access without reading
 * clinical content). Anyone else is told nothing (404).
 */
@Injectable()
export class CaseFileAccess {
  constructor(private readonly grants: AccessGrantRepository) {}

  /**
   * `manager`: the transaction the caller is in, so that the grant is read in it.
   * @returns the case file; @throws caseFileNotFound(id) (404) when the caller may not know it exists
   */
  async check(
    caller: Caller,
    caseFile: CaseFileEntity | null,
    id: string,
    action: CaseFileAction,
    manager?: EntityManager,
  ): Promise<CaseFileEntity> {
    if (caseFile && (await this.allowed(caller, caseFile, action, manager))) return caseFile;
    throw caseFileNotFound(id);
  }

  private async allowed(
    caller: Caller,
    caseFile: CaseFileEntity,
    action: CaseFileAction,
    manager: EntityManager | undefined,
  ): Promise<boolean> {
    if (caller.organizationId === caseFile.organizationId) return true;
    if (action === 'read-audit') return caller.roles.includes('admin');
    if (action !== 'read' || !caller.roles.includes('specialist') || !caller.practitionerId) return false;
    return this.grants.grantsRead(caseFile.id, caller.practitionerId, manager);
  }
}
