import { PatientEntity } from './patient.entity';

/** The patients feature's TypeORM entities. */
export const patientEntities = [PatientEntity];
