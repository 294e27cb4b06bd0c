import { AccessGrantEntity } from './access-grant.entity';

/** The access-grants feature's TypeORM entities. */
export const accessGrantEntities = [AccessGrantEntity];
