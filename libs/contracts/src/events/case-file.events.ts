import { IsInt, IsUUID, Matches, Min } from 'class-validator';
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
    sample: caseFile,
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
