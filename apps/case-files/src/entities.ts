import { PhiAuditEntryEntity } from '@referral/platform-audit';
import { caseFileEntities } from './case-files/entities';
import { patientEntities } from './patients/entities';

/** The TypeORM entities of the case-files database. */
export const entities = [PhiAuditEntryEntity, ...patientEntities, ...caseFileEntities];
