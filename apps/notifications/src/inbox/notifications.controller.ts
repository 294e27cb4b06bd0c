import {
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  ListNotificationsQuery,
  NotificationPage,
  NotificationResource,
  pageOf,
  pageSize,
} from '@referral/contracts';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { decodeKeysetCursor, encodeKeysetCursor } from '@referral/platform-database';
import { readCursor } from '@referral/platform-http';
import { toNotificationResource } from './notification-resource';
import { NotificationRepository } from './notification.repository';

/** The caller's in-app inbox: any authenticated caller has one (possibly empty). */
@ApiTags('notifications')
@Controller('v1/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationRepository) {}

  @Get()
  @ApiOkResponse({ type: NotificationPage })
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

  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationResource })
  async read(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<NotificationResource> {
    const entry = await this.notifications.markRead(caller, id, new Date());
    if (!entry) throw new NotFoundException(`Notification ${id} was not found`);
    return toNotificationResource(entry);
  }
}
