import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CreatedWebhookEndpoint,
  CreateWebhookEndpointRequest,
  ListNotificationsQuery,
  ListOutboundMessagesQuery,
  ListWebhookDeliveriesQuery,
  ListWebhookEndpointsQuery,
  NotificationPage,
  NotificationPreferencesRequest,
  NotificationPreferencesResource,
  NotificationResource,
  OutboundMessagePage,
  UpdatedWebhookEndpoint,
  UpdateWebhookEndpointRequest,
  WebhookDeliveryPage,
  WebhookDeliveryResource,
  WebhookEndpointPage,
  WebhookEndpointResource,
} from '@referral/contracts';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { ApiProblems, type ProblemResponse } from '@referral/platform-http';
import { ApiIdempotencyKey } from '../idempotency/api-idempotency-key';
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

/** 404 on an endpoint: unknown, or another organization's. */
const ENDPOINT_NOT_VISIBLE: ProblemResponse = {
  status: 404,
  description: "No such webhook endpoint, or another organization's",
};

const OWNERS =
  'Roles `partner` (endpoints of its own organization) and `admin` (every organization); other roles 403, other organizations 404.';

/**
 * Webhook endpoints of partner systems (Standard Webhooks 1.0). Deliveries carry `webhook-id` (the
 * event's CloudEvents id, the same on every attempt and replay), `webhook-timestamp` and
 * `webhook-signature` (`v1,` + base64 HMAC-SHA256 of `id.timestamp.body` with the secret's base64 after
 * `whsec_`); the body is `{ type, timestamp, data: { referralId, status, stage, priority, specialtyCode,
 * … ids only } }`.
 */
@ApiTags('webhooks')
@ApiProblems(401, 403, 429, 503)
@UseGuards(RateLimitGuard)
@Controller('v1/webhook-endpoints')
export class WebhookEndpointsRoutesController {
  constructor(private readonly forwarder: Forwarder) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register a webhook endpoint',
    description:
      'Role `partner` for its own organization, or `admin` with `organizationId`. The endpoint receives the events ' +
      'of referrals involving the organization (the referrer, and the organizations of the holder’s, the target’s and ' +
      'the acting specialist’s roles in the referral’s specialty), of the types it subscribes to. The answer carries ' +
      'the signing secret, shown this once. Deliveries are retried with backoff over about three days (at once, 5 s, ' +
      '5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h, with jitter; a longer `Retry-After` is honoured); a 2xx answer ' +
      'succeeds; 410 disables the endpoint; redirects are not followed; 15 s timeout.',
  })
  @ApiIdempotencyKey({ required: false })
  @ApiCreatedResponse({ type: CreatedWebhookEndpoint })
  @ApiProblems(
    400,
    {
      status: 403,
      description: 'The caller’s role may not, or a partner named another organization',
    },
    409,
    413,
    415,
    {
      status: 422,
      description:
        'Not valid: e.g. an unknown event type, a URL that is not https (in production), does not resolve, or is or resolves to a private address; an admin without `organizationId`, or naming an organization the directory does not know',
    },
  )
  register(
    @CurrentCaller() caller: Caller,
    @Body() _body: CreateWebhookEndpointRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('notifications', caller, request, reply);
  }

  @Get()
  @ApiOperation({
    summary: 'List webhook endpoints',
    description:
      'A `partner` lists its own organization’s; an `admin` every organization’s, or one’s with `organizationId`. Oldest first.',
  })
  @ApiOkResponse({ type: WebhookEndpointPage })
  @ApiProblems(422)
  list(
    @CurrentCaller() caller: Caller,
    @Query() _query: ListWebhookEndpointsQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('notifications', caller, request, reply);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a webhook endpoint', description: `${OWNERS} Never with its secret.` })
  @ApiOkResponse({ type: WebhookEndpointResource })
  @ApiProblems(400, ENDPOINT_NOT_VISIBLE)
  get(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('notifications', caller, request, reply);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change, enable, disable a webhook endpoint, or rotate its secret',
    description:
      `${OWNERS} With \`rotateSecret: true\` the answer carries the new secret, shown this once; during the rotation ` +
      'window (24 h by default) deliveries carry both signatures, `v1,<new> v1,<old>`.',
  })
  @ApiOkResponse({ type: UpdatedWebhookEndpoint })
  @ApiProblems(400, ENDPOINT_NOT_VISIBLE, 413, 415, 422)
  update(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Body() _body: UpdateWebhookEndpointRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('notifications', caller, request, reply);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a webhook endpoint',
    description: `${OWNERS} Its pending deliveries and its delivery log go with it.`,
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(400, ENDPOINT_NOT_VISIBLE)
  remove(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('notifications', caller, request, reply);
  }

  @Post(':id/test')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a test event to a webhook endpoint',
    description: `${OWNERS} No body. Sends a \`webhook.test\` message, whatever the endpoint subscribes to; the answer is its pending delivery log entry.`,
  })
  @ApiIdempotencyKey({ required: false })
  @ApiAcceptedResponse({ type: WebhookDeliveryResource })
  @ApiProblems(
    400,
    ENDPOINT_NOT_VISIBLE,
    {
      status: 409,
      description: 'The endpoint is disabled, or a request with this Idempotency-Key is in flight',
    },
    { status: 422, description: 'This Idempotency-Key was used for another request' },
  )
  test(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('notifications', caller, request, reply);
  }

  @Get(':id/deliveries')
  @ApiOperation({
    summary: "A webhook endpoint's delivery log",
    description:
      `${OWNERS} One entry per attempt, newest first: status codes and times; a failed attempt that will be ` +
      'retried has `nextAttemptAt`. Filter by `status` or `webhookId`.',
  })
  @ApiOkResponse({ type: WebhookDeliveryPage })
  @ApiProblems(400, ENDPOINT_NOT_VISIBLE, 422)
  deliveries(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Query() _query: ListWebhookDeliveriesQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('notifications', caller, request, reply);
  }
}

/** Replay of one delivery log entry. */
@ApiTags('webhooks')
@ApiProblems(401, 403, 429, 503)
@UseGuards(RateLimitGuard)
@Controller('v1/webhook-deliveries')
export class WebhookDeliveriesRoutesController {
  constructor(private readonly forwarder: Forwarder) {}

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Replay a webhook delivery',
    description:
      `${OWNERS} No body. Sends the same message (same \`webhook-id\`, same body) to the same endpoint again, in a new ` +
      'chain of attempts; the answer is its pending first entry.',
  })
  @ApiIdempotencyKey({ required: false })
  @ApiAcceptedResponse({ type: WebhookDeliveryResource })
  @ApiProblems(
    400,
    { status: 404, description: "No such delivery, or another organization's" },
    {
      status: 409,
      description:
        'The endpoint is disabled, an attempt of this message is still pending, or a request with this Idempotency-Key is in flight',
    },
    { status: 422, description: 'This Idempotency-Key was used for another request' },
  )
  replay(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('notifications', caller, request, reply);
  }
}
