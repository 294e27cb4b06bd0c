import { OrganizationEntity } from './organization.entity';
import { SpecialtyEntity } from './specialty.entity';

/** The organizations feature's TypeORM entities. */
export const organizationEntities = [SpecialtyEntity, OrganizationEntity];
