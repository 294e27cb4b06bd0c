import { Controller, NotFoundException, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  ListNotificationsQuery,
  NOTIFICATION_ROUTES,
  NotificationPage,
  NotificationResource,
  pageOf,
  pageSize,
} from '@referral/contracts';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { Clock, decodeKeysetCursor, encodeKeysetCursor } from '@referral/platform-database';
import { readCursor, ServiceRoute } from '@referral/platform-http';
import { toNotificationResource } from './notification-resource';
import { NotificationRepository } from './notification.repository';

/** The caller's in-app inbox: any authenticated caller has one (possibly empty). */
@ApiTags('notifications')
@Controller()
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly clock: Clock,
  ) {}

  @ServiceRoute(NOTIFICATION_ROUTES.routes.list)
  async list(
    @CurrentCaller() caller: Caller,
    @Query() query: ListNotificationsQuery,
  ): Promise<NotificationPage> {
    const limit = pageSize(query);
    const before = readCursor(query.cursor, decodeKeysetCursor);
    const rows = await this.notifications.listFor(caller, {
      referralId: query.referralId,
      unread: query.unread,
      before,
      limit,
    });
    return pageOf(rows, limit, toNotificationResource, encodeKeysetCursor);
  }

  @ServiceRoute(NOTIFICATION_ROUTES.routes.read)
  async read(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<NotificationResource> {
    const entry = await this.notifications.markRead(caller, id, this.clock.now());
    if (!entry) throw new NotFoundException(`Notification ${id} was not found`);
    return toNotificationResource(entry);
  }
}
