import { organizationEntities } from './organizations/entities';
import { practitionerEntities } from './practitioners/entities';

/** The TypeORM entities of the directory database. */
export const entities = [...organizationEntities, ...practitionerEntities];
