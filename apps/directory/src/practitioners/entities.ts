import { PractitionerRoleEntity } from './practitioner-role.entity';
import { PractitionerEntity } from './practitioner.entity';

/** The practitioners feature's TypeORM entities. */
export const practitionerEntities = [PractitionerEntity, PractitionerRoleEntity];
