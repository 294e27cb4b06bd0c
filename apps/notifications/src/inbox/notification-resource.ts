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

/** A list position as an opaque cursor: the last entry's creation instant (ms) and id. */
export function encodeInboxCursor(entry: NotificationEntity): string {
  return Buffer.from(JSON.stringify([entry.createdAt.toISOString(), entry.id])).toString('base64url');
}

/** The position of a cursor; undefined when it is not one of ours. */
export function decodeInboxCursor(cursor: string): { createdAt: string; id: string } | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      typeof value[1] === 'string' &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value[1])
    ) {
      return { createdAt: value[0], id: value[1] };
    }
  } catch {
    // not JSON: not ours
  }
  return undefined;
}
