import { NotificationEntity } from './inbox/notification.entity';

/** The TypeORM entities of the notifications database. */
export const entities = [NotificationEntity];
