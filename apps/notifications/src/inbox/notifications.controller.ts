import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ListNotificationsQuery, NotificationPage } from '@referral/contracts';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { NotificationRepository } from './notification.repository';
import { toNotificationResource } from './notification-resource';

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
    const items = await this.notifications.listForOrganization(caller.organizationId, {
      referralId: query.referralId,
      unread: query.unread,
      limit: query.limit ?? 20,
    });
    return { items: items.map(toNotificationResource), nextCursor: null };
  }
}
