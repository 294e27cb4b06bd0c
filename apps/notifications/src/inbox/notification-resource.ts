import type { NotificationResource } from '@referral/contracts';
import type { NotificationEntity } from './notification.entity';

export function toNotificationResource(n: NotificationEntity): NotificationResource {
  return {
    id: n.id,
    type: n.type,
    referralId: n.referralId,
    title: n.title,
    body: n.body,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
}
