import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ListOutboundMessagesQuery, OutboundMessagePage } from '@referral/contracts';
import { Roles } from '@referral/platform-auth';
import {
  decodeOutboundMessageCursor,
  encodeOutboundMessageCursor,
  invalidOutboundMessageCursor,
} from './outbound-message-cursor';
import { OutboundMessageRepository } from './outbound-message.repository';
import { toOutboundMessageResource } from './outbound-message-resource';
import { recipientFilter } from './recipient-address';

const DEFAULT_PAGE_SIZE = 20;

/** The send log (and the development sinks' mailbox), for administrators. */
@ApiTags('notifications')
@Controller('v1/admin/outbound-messages')
export class OutboundMessagesController {
  constructor(private readonly messages: OutboundMessageRepository) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: OutboundMessagePage })
  async list(@Query() query: ListOutboundMessagesQuery): Promise<OutboundMessagePage> {
    const after = query.cursor === undefined ? undefined : decodeOutboundMessageCursor(query.cursor);
    if (after && !(await this.messages.exists(after))) throw invalidOutboundMessageCursor();
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.messages.list({
      channel: query.channel,
      recipient: query.recipient === undefined ? undefined : recipientFilter(query.recipient),
      referralId: query.referralId?.toLowerCase(),
      status: query.status,
      after,
      limit,
    });
    const items = rows.slice(0, limit);
    return {
      items: items.map(toOutboundMessageResource),
      nextCursor: rows.length > limit ? encodeOutboundMessageCursor(items[items.length - 1].id) : null,
    };
  }
}
