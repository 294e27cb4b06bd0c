import { Controller, Get, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ListNotificationsQuery,
  ListOutboundMessagesQuery,
  NotificationPage,
  OutboundMessagePage,
} from '@referral/contracts';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { ApiProblems } from '@referral/platform-http';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard';
import { Forwarder } from './forwarder';

/** The notifications service's public routes, forwarded with the caller's token. */
@ApiTags('notifications')
@ApiProblems(401, 403, 429, 503)
@UseGuards(RateLimitGuard)
@Controller('v1/notifications')
export class NotificationsRoutesController {
  constructor(private readonly forwarder: Forwarder) {}

  @Get()
  @ApiOperation({
    summary: "The caller's organization's in-app notifications",
    description: 'Newest first.',
  })
  @ApiOkResponse({ type: NotificationPage })
  @ApiProblems(422)
  list(
    @CurrentCaller() caller: Caller,
    @Query() _query: ListNotificationsQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('notifications', caller, request, reply);
  }
}

/** The notifications service's send log of SMS and email, for administrators. */
@ApiTags('notifications')
@ApiProblems(401, 403, 429, 503)
@UseGuards(RateLimitGuard)
@Controller('v1/admin/outbound-messages')
export class OutboundMessagesRoutesController {
  constructor(private readonly forwarder: Forwarder) {}

  @Get()
  @ApiOperation({
    summary: 'SMS and email sent, failed or skipped',
    description:
      'Role `admin`. The send log of the notifications service, newest first; with the development sinks ' +
      '(`provider: sink`) the messages that would have been sent. Texts carry a short reference, the specialty, ' +
      'the priority and a link, never patient identity. `parts` and `encoding` are the SMS parts billed ' +
      '(GSM-7 160/153, UCS-2 70/67). `recipient` matches a phone in any Pakistani mobile form or an email address.',
  })
  @ApiOkResponse({ type: OutboundMessagePage })
  @ApiProblems(422)
  list(
    @CurrentCaller() caller: Caller,
    @Query() _query: ListOutboundMessagesQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('notifications', caller, request, reply);
  }
}
