import { ClientIdentifierEntity } from './referrals/client-identifier.entity';

/** The TypeORM entities of the fhir database. */
export const entities = [ClientIdentifierEntity];
