import { PhiAuditEntryEntity } from '@referral/platform-audit';
import { accessGrantEntities } from './access-grants/entities';
import { attachmentEntities } from './attachments/entities';
import { caseFileEntities } from './case-files/entities';
import { patientEntities } from './patients/entities';

/** The TypeORM entities of the case-files database. */
export const entities = [
  PhiAuditEntryEntity,
  ...patientEntities,
  ...caseFileEntities,
  ...accessGrantEntities,
  ...attachmentEntities,
];
