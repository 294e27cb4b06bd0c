import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CaseFileEventData, UpdateCaseFileRequest } from '@referral/contracts';
import { PhiAudit } from '@referral/platform-audit';
import type { Caller } from '@referral/platform-auth';
import { Outbox } from '@referral/platform-kafka';
import { CaseFileAccess } from './case-file-access';
import { toAllergies, toMedications, toStoredVitals, type CaseFileContent } from './case-file-content';
import { ifMatchMalformed, ifMatchRequired, nothingToChange, versionConflict } from './case-file-problems';
import { toCaseFileEventData } from './case-file-resource';
import type { CaseFileEntity } from './case-file.entity';
import { CaseFileRepository } from './case-file.repository';

const STRONG_VERSION_ETAG = /^"([1-9]\d{0,9})"$/;

/** The version an `If-Match` names; undefined when absent. */
export function versionOfIfMatch(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '') return undefined;
  const match = STRONG_VERSION_ETAG.exec(ifMatch.trim());
  if (!match) throw ifMatchMalformed();
  return Number(match[1]);
}

/**
 * A clinician of the referring organization changes a case file they read at version N (`If-Match`):
 * with the row locked, a change based on an older version is refused (409) rather than merged, so
 * nothing another clinician wrote is lost. The new version row, the audit entry and
 * `case_file.updated` commit together.
 */
@Injectable()
export class UpdateCaseFileCommand {
  constructor(
    private readonly dataSource: DataSource,
    private readonly caseFiles: CaseFileRepository,
    private readonly access: CaseFileAccess,
    private readonly audit: PhiAudit,
    private readonly outbox: Outbox,
  ) {}

  execute(
    caller: Caller,
    id: string,
    ifMatch: string | undefined,
    input: UpdateCaseFileRequest,
  ): Promise<CaseFileEntity> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.access.check(
        caller,
        await this.caseFiles.findForUpdate(manager, id),
        id,
        'update',
        manager,
      );
      const basedOn = versionOfIfMatch(ifMatch);
      if (basedOn === undefined) throw ifMatchRequired();
      const content = changed(current.content, input);
      if (basedOn !== current.version) throw versionConflict(id, current.version, basedOn);

      const caseFile = await this.caseFiles.update(manager, id, basedOn, content, caller);
      if (!caseFile) throw versionConflict(id, basedOn + 1, basedOn);
      await this.audit.record(manager, caller, {
        action: 'update',
        objectType: 'case-file',
        objectId: id,
        details: { version: caseFile.version },
      });
      await this.outbox.add<CaseFileEventData>(manager, {
        type: 'case_file.updated',
        subject: id,
        data: toCaseFileEventData(caseFile),
      });
      return caseFile;
    });
  }
}

/** The current content with each given field replaced whole. */
function changed(current: CaseFileContent, input: UpdateCaseFileRequest): CaseFileContent {
  const given = Object.values(input).some((value) => value !== undefined);
  if (!given) throw nothingToChange();
  return {
    chiefComplaint: input.chiefComplaint ?? current.chiefComplaint,
    history: input.history ?? current.history,
    vitals: input.vitals ? toStoredVitals(input.vitals) : current.vitals,
    medications: input.medications ? toMedications(input.medications) : current.medications,
    allergies: input.allergies ? toAllergies(input.allergies) : current.allergies,
  };
}
