import type { EntityManager } from 'typeorm';
import { ageBandOf, type CaseFileSummary } from '@referral/contracts';
import { AttachmentEntity } from '../attachments/attachment.entity';
import { currentAge } from '../patients/age';
import { PatientEntity } from '../patients/patient.entity';
import type { CaseFileEntity } from './case-file.entity';

/** What a summary needs of the patient: no name, CNIC or phone is read. */
export type SummaryPatient = Pick<PatientEntity, 'sex' | 'birthDate' | 'ageYears' | 'ageStatedOn'>;

/** The case file's patient, as much as a summary shows; null when there is none (the FK forbids it). */
export function findSummaryPatient(
  manager: EntityManager,
  patientId: string,
): Promise<SummaryPatient | null> {
  return manager.findOne(PatientEntity, {
    where: { id: patientId },
    select: { id: true, sex: true, birthDate: true, ageYears: true, ageStatedOn: true },
  });
}

/** The ids of the case file's attachments, oldest first (messages on a referral may name them). */
export async function findAttachmentIds(manager: EntityManager, caseFileId: string): Promise<string[]> {
  const rows = await manager.find(AttachmentEntity, {
    where: { caseFileId },
    select: { id: true },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  return rows.map((row) => row.id);
}

/**
 * `GET /v1/case-files/{id}/summary` (internal: the referrals service's check at submission, not routed
 * by the gateway). `today` is `YYYY-MM-DD` in Asia/Karachi.
 */
export function toCaseFileSummary(
  caseFile: CaseFileEntity,
  patient: SummaryPatient,
  today: string,
  attachmentIds: string[],
): CaseFileSummary {
  return {
    caseFileId: caseFile.id,
    patientId: caseFile.patientId,
    organizationId: caseFile.organizationId,
    patientSex: patient.sex,
    // The birth date's age, or the stated age grown since it was stated: both as of today.
    patientAgeBand: ageBandOf(null, currentAge(patient, today), today),
    version: caseFile.version,
    attachmentIds,
  };
}
