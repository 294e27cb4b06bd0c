import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ListNotificationsQuery,
  ListOutboundMessagesQuery,
  NotificationPage,
  NotificationPreferencesRequest,
  NotificationPreferencesResource,
  NotificationResource,
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
    summary: 'Your in-app notifications',
    description:
      'Any role. Entries addressed to the practitioner the token acts for, and to your organization’s callers with one of your roles (its coordinators); newest first, paged with `cursor`.',
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

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark a notification read',
    description: 'Its owner only (another caller: 404). Marking it again keeps the first time.',
  })
  @ApiOkResponse({ type: NotificationResource })
  @ApiProblems(400, 404)
  read(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('notifications', caller, request, reply);
  }
}

/** The calling practitioner's notification preferences. */
@ApiTags('notifications')
@ApiProblems(401, 403, 429, 503)
@UseGuards(RateLimitGuard)
@Controller('v1/notification-preferences')
export class NotificationPreferencesRoutesController {
  constructor(private readonly forwarder: Forwarder) {}

  @Get()
  @ApiOperation({
    summary: 'Your notification preferences',
    description:
      'Roles `clinician`, `specialist`, `coordinator`, for the practitioner the token acts for (a client without one: 422). The defaults until you choose: SMS and email, no quiet hours, your language.',
  })
  @ApiOkResponse({ type: NotificationPreferencesResource })
  @ApiProblems(422)
  get(@CurrentCaller() caller: Caller, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.forwarder.forward('notifications', caller, request, reply);
  }

  @Put()
  @ApiOperation({
    summary: 'Choose how you hear about referrals',
    description:
      'Channels besides the in-app inbox (which always has everything), quiet hours in Asia/Karachi during which routine news waits (urgent referrals do not), and the language of SMS and email.',
  })
  @ApiOkResponse({ type: NotificationPreferencesResource })
  @ApiProblems(400, 413, 415, 422)
  put(
    @CurrentCaller() caller: Caller,
    @Body() _body: NotificationPreferencesRequest,
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
