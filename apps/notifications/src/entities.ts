import { NotificationEntity } from './inbox/notification.entity';
import { OutboundMessageEntity } from './messaging/outbound-message.entity';

/** The TypeORM entities of the notifications database. */
export const entities = [NotificationEntity, OutboundMessageEntity];
