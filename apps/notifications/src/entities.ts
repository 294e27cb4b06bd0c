import { NotificationEntity } from './inbox/notification.entity';
import { OutboundMessageEntity } from './messaging/outbound-message.entity';
import { NotificationPreferenceEntity } from './preferences/notification-preference.entity';

/** The TypeORM entities of the notifications database. */
export const entities = [NotificationEntity, OutboundMessageEntity, NotificationPreferenceEntity];
