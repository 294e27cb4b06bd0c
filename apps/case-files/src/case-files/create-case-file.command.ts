import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CaseFileEventData, CreateCaseFileRequest } from '@referral/contracts';
import { PhiAudit } from '@referral/platform-audit';
import type { Caller } from '@referral/platform-auth';
import { Outbox } from '@referral/platform-kafka';
import { toAllergies, toMedications, toStoredVitals } from './case-file-content';
import { patientNotFound } from './case-file-problems';
import { toCaseFileEventData } from './case-file-resource';
import type { CaseFileEntity } from './case-file.entity';
import { CaseFileRepository } from './case-file.repository';

/**
 * A clinician opens a case file for a patient of their organization: the case file, its first version,
 * the audit entry and `case_file.created` commit together.
 */
@Injectable()
export class CreateCaseFileCommand {
  constructor(
    private readonly dataSource: DataSource,
    private readonly caseFiles: CaseFileRepository,
    private readonly audit: PhiAudit,
    private readonly outbox: Outbox,
  ) {}

  execute(caller: Caller, input: CreateCaseFileRequest): Promise<CaseFileEntity> {
    return this.dataSource.transaction(async (manager) => {
      const organizationId = await this.caseFiles.organizationOfPatient(manager, input.patientId);
      if (organizationId !== caller.organizationId) throw patientNotFound(input.patientId);
      const caseFile = await this.caseFiles.insert(
        manager,
        {
          id: randomUUID(),
          patientId: input.patientId,
          organizationId,
          content: {
            chiefComplaint: input.chiefComplaint,
            history: input.history ?? '',
            vitals: toStoredVitals(input.vitals),
            medications: toMedications(input.medications),
            allergies: toAllergies(input.allergies),
          },
        },
        caller,
      );
      await this.audit.record(manager, caller, {
        action: 'create',
        objectType: 'case-file',
        objectId: caseFile.id,
        details: { version: caseFile.version },
      });
      await this.outbox.add<CaseFileEventData>(manager, {
        type: 'case_file.created',
        subject: caseFile.id,
        data: toCaseFileEventData(caseFile),
      });
      return caseFile;
    });
  }
}
