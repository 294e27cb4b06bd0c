import { Controller, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  ListOutboundMessagesQuery,
  OUTBOUND_MESSAGE_ROUTES,
  OutboundMessagePage,
  pageOf,
  pageSize,
  UUID_SHAPE,
} from '@referral/contracts';
import { decodeKeyCursor, encodeKeyCursor } from '@referral/platform-database';
import { invalidCursor, readCursor, ServiceRoute } from '@referral/platform-http';
import { OutboundMessageRepository } from './outbound-message.repository';
import { toOutboundMessageResource } from './outbound-message-resource';
import { recipientFilter } from './recipient-address';

/** The send log (and the development sinks' mailbox), for administrators. */
@ApiTags('notifications')
@Controller()
export class OutboundMessagesController {
  constructor(private readonly messages: OutboundMessageRepository) {}

  @ServiceRoute(OUTBOUND_MESSAGE_ROUTES.routes.list)
  async list(@Query() query: ListOutboundMessagesQuery): Promise<OutboundMessagePage> {
    // The cursor is the last message's id (the repository compares against that row's own keys).
    const after = readCursor(query.cursor, (cursor) => decodeKeyCursor(cursor, UUID_SHAPE));
    if (after && !(await this.messages.exists(after))) throw invalidCursor();
    const limit = pageSize(query);
    const rows = await this.messages.list({
      channel: query.channel,
      recipient: query.recipient === undefined ? undefined : recipientFilter(query.recipient),
      referralId: query.referralId?.toLowerCase(),
      status: query.status,
      after,
      limit,
    });
    return pageOf(rows, limit, toOutboundMessageResource, ({ id }) => encodeKeyCursor(id));
  }
}
