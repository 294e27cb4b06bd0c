import { Controller, NotFoundException, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  ListNotificationsQuery,
  NotificationPage,
  NotificationResource,
  NOTIFICATION_ROUTES,
} from '@referral/contracts';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { decodeKeysetCursor, encodeKeysetCursor } from '@referral/platform-database';
import { ValidationProblem, ServiceRoute } from '@referral/platform-http';
import { toNotificationResource } from './notification-resource';
import { NotificationRepository } from './notification.repository';

/** The caller's in-app inbox: any authenticated caller has one (possibly empty). */
@ApiTags('notifications')
@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationRepository) {}

  @ServiceRoute(NOTIFICATION_ROUTES.routes.list)
  async list(
    @CurrentCaller() caller: Caller,
    @Query() query: ListNotificationsQuery,
  ): Promise<NotificationPage> {
    const limit = query.limit ?? 20;
    const before = query.cursor === undefined ? undefined : decodeKeysetCursor(query.cursor);
    if (query.cursor !== undefined && !before) {
      throw new ValidationProblem([{ field: 'cursor', message: 'cursor is not a nextCursor of this list' }]);
    }
    const rows = await this.notifications.listFor(caller, {
      referralId: query.referralId,
      unread: query.unread,
      before,
      limit,
    });
    const page = rows.slice(0, limit);
    return {
      items: page.map(toNotificationResource),
      nextCursor: rows.length > limit ? encodeKeysetCursor(page[page.length - 1]) : null,
    };
  }

  @ServiceRoute(NOTIFICATION_ROUTES.routes.read)
  async read(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<NotificationResource> {
    const entry = await this.notifications.markRead(caller, id, new Date());
    if (!entry) throw new NotFoundException(`Notification ${id} was not found`);
    return toNotificationResource(entry);
  }
}
