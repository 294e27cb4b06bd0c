import { Controller, Get, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ListNotificationsQuery, NotificationPage } from '@referral/contracts';
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
