import { IsIn, IsInt, IsUUID, Matches, Min } from 'class-validator';
import { AGE_BANDS, type AgeBand } from '../api/age-band';
import { SEXES, type Sex } from '../api/patients';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { IsOmittable, IsUtcInstant } from '../validators';
import { SAMPLE_IDS } from './sample-ids';

/** Which case file changed and its new version; its clinical content stays in the case-files service. */
export class CaseFileEventData {
  @IsUUID()
  caseFileId: string;

  @IsUUID()
  patientId: string;

  @IsUUID()
  organizationId: string;

  @IsInt()
  @Min(1)
  version: number;

  @IsOmittable()
  @IsUUID()
  attachmentId?: string;

  @IsOmittable()
  @Matches(/^[a-z]+\/[a-z0-9.+-]+$/, { message: '$property must be a media type such as image/jpeg' })
  contentType?: string;

  @IsOmittable()
  @IsInt()
  @Min(1)
  size?: number;

  /**
   * The patient's sex (no name, CNIC or phone): what the referrals service keeps for the de-identified
   * queue. Optional (additive): consumers use it when present (the referrals service's case-file
   * projection); case-files does not publish it yet (apps/referrals/README.md, "Case-file projection").
   */
  @IsOmittable()
  @IsIn(SEXES)
  patientSex?: Sex;

  /** The patient's age band on the day of the event (Asia/Karachi); with `patientSex`. */
  @IsOmittable()
  @IsIn(AGE_BANDS)
  patientAgeBand?: AgeBand;

  /**
   * The first day (`YYYY-MM-DD`, Asia/Karachi) on which `patientAgeBand` no longer holds (the patient
   * reaches the next band); absent when the band never changes (`65+`, `unknown`, an age stated without
   * its date). No birth date is carried: the band and the day it ends tell no more than the band does.
   */
  @IsOmittable()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' })
  patientAgeBandUntil?: string;

  @IsUtcInstant()
  occurredAt: string;
}

const caseFile: CaseFileEventData = {
  caseFileId: SAMPLE_IDS.caseFile,
  patientId: SAMPLE_IDS.patient,
  organizationId: SAMPLE_IDS.clinicOrganization,
  version: 1,
  occurredAt: '2025-03-03T08:50:00.000Z',
};

export const CASE_FILE_EVENTS = [
  defineEvent({
    type: 'case_file.created',
    topic: TOPICS.caseFile,
    payload: CaseFileEventData,
    sample: { ...caseFile, patientSex: 'female', patientAgeBand: '25-44', patientAgeBandUntil: '2031-06-15' },
    description: 'A clinic created a case file for a patient.',
  }),
  defineEvent({
    type: 'case_file.updated',
    topic: TOPICS.caseFile,
    payload: CaseFileEventData,
    sample: { ...caseFile, version: 3, occurredAt: '2025-03-03T14:02:00.000Z' },
    description: 'A case file changed (history, vitals, medications, allergies).',
  }),
  defineEvent({
    type: 'case_file.attachment_added',
    topic: TOPICS.caseFile,
    payload: CaseFileEventData,
    sample: {
      ...caseFile,
      version: 2,
      attachmentId: SAMPLE_IDS.attachment,
      contentType: 'image/jpeg',
      size: 1_482_311,
      occurredAt: '2025-03-03T08:55:27.903Z',
    },
    description: 'A photo, report or image was attached to a case file.',
  }),
];
