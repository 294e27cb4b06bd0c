import { Controller, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ListOutboundMessagesQuery, OutboundMessagePage, OUTBOUND_MESSAGE_ROUTES } from '@referral/contracts';

import {
  decodeOutboundMessageCursor,
  encodeOutboundMessageCursor,
  invalidOutboundMessageCursor,
} from './outbound-message-cursor';
import { OutboundMessageRepository } from './outbound-message.repository';
import { toOutboundMessageResource } from './outbound-message-resource';
import { recipientFilter } from './recipient-address';
import { ServiceRoute } from '@referral/platform-http';

const DEFAULT_PAGE_SIZE = 20;

/** The send log (and the development sinks' mailbox), for administrators. */
@ApiTags('notifications')
@Controller()
export class OutboundMessagesController {
  constructor(private readonly messages: OutboundMessageRepository) {}

  @ServiceRoute(OUTBOUND_MESSAGE_ROUTES.routes.list)
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
