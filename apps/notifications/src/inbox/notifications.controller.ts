import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { ListNotificationsQuery, NotificationDto } from './dto/notification.dto';
import { NotificationRepository } from './notification.repository';

@ApiTags('notifications')
@Controller('v1/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationRepository) {}

  @Get()
  @ApiOkResponse({ type: [NotificationDto] })
  async list(@CurrentCaller() caller: Caller, @Query() query: ListNotificationsQuery) {
    const items = await this.notifications.listForOrganization(caller.organizationId, {
      referralId: query.referralId,
      unread: query.unread,
      limit: query.limit ?? 20,
    });
    return { items: items.map(NotificationDto.from), nextCursor: null };
  }
}
