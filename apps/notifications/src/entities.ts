import { NotificationEntity } from './inbox/notification.entity';
import { OutboundMessageEntity } from './messaging/outbound-message.entity';
import { NotificationPreferenceEntity } from './preferences/notification-preference.entity';
import { WebhookDeliveryEntity } from './webhooks/webhook-delivery.entity';
import { WebhookEndpointEntity } from './webhooks/webhook-endpoint.entity';
import { WebhookMessageEntity } from './webhooks/webhook-message.entity';

/** The TypeORM entities of the notifications database. */
export const entities = [
  NotificationEntity,
  OutboundMessageEntity,
  NotificationPreferenceEntity,
  WebhookEndpointEntity,
  WebhookMessageEntity,
  WebhookDeliveryEntity,
];
