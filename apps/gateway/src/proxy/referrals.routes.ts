import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AssignReferralRequest,
  CloseReferralRequest,
  ConsultRequest,
  ConvertReferralRequest,
  DeclineReferralRequest,
  ListReferralsQuery,
  MessageResource,
  MessageThread,
  PageQuery,
  PostMessageRequest,
  QueuePage,
  QueueQuery,
  ReasonRequest,
  ReferralHistory,
  ReferralPage,
  ReferralResource,
  SubmitReferralRequest,
} from '@referral/contracts';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { ApiProblems, type ProblemResponse } from '@referral/platform-http';
import { ApiIdempotencyKey } from '../idempotency/api-idempotency-key';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard';
import { Forwarder } from './forwarder';

/** Who may read a referral (API.md, "Who sees referrals"): the list, a referral, its history. */
const VISIBILITY =
  "Roles `clinician` (referrals of the caller's organization), `specialist` (referrals the caller holds or is targeted by; " +
  "others only through the queue), `coordinator` (of the organization of the target or of the holder's role, or of the " +
  "pool's organizations), `partner` (referrals involving its organization: the referrer or the holder's role's organization), `admin`.";

/** 404 on a referral: unknown, or the caller may not know it. */
const NOT_VISIBLE: ProblemResponse = {
  status: 404,
  description: 'No such referral, or the caller may not know it',
};

/** 409 of a workflow action. */
const WRONG_STATE: ProblemResponse = {
  status: 409,
  description:
    "Not allowed in the referral's current state (`detail` names its status and stage), or a request with this Idempotency-Key is still in flight",
};

/** 403 of a workflow action: the caller may know the referral but not do this to it. */
const NOT_YOURS: ProblemResponse = {
  status: 403,
  description: 'The caller may see the referral but not do this to it',
};

/** 422 of an action without a body: only an Idempotency-Key used for another request. */
const KEY_REUSED: ProblemResponse = {
  status: 422,
  description: 'This Idempotency-Key was used for another request',
};

/**
 * The referrals service's public routes. The gateway checks the body and query against the shared
 * API types and forwards; the service checks roles, the caller's organization and the referral's
 * state, and validates again. Actions answer 200 with the referral as it now is.
 */
@ApiTags('referrals')
@ApiProblems(401, 403, 429, 503)
@UseGuards(RateLimitGuard)
@Controller('v1/referrals')
export class ReferralsRoutesController {
  constructor(private readonly forwarder: Forwarder) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Submit a referral',
    description:
      "Role `clinician`. Asks the specialty's pool (or the named specialist) about a case file of the caller's organization.",
  })
  @ApiIdempotencyKey({ required: true })
  @ApiCreatedResponse({ type: ReferralResource, description: 'Submitted; waiting to be claimed' })
  @ApiProblems(400, 409, 413, 415, 422)
  submit(
    @CurrentCaller() caller: Caller,
    @Body() _body: SubmitReferralRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('referrals', caller, request, reply);
  }

  @Get()
  @ApiOperation({
    summary: 'List referrals',
    description: `${VISIBILITY} Each sees the referrals visible to it, filtered by \`status\`, \`stage\`, \`specialty\` and \`priority\`; newest first, a page at a time (\`limit\`, \`cursor\`: the \`nextCursor\` of the previous page).`,
  })
  @ApiOkResponse({ type: ReferralPage })
  @ApiProblems(422)
  list(
    @CurrentCaller() caller: Caller,
    @Query() _query: ListReferralsQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('referrals', caller, request, reply);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Read a referral',
    description: `${VISIBILITY} Anyone else: 404.`,
  })
  @ApiOkResponse({ type: ReferralResource })
  @ApiProblems(400, NOT_VISIBLE)
  get(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('referrals', caller, request, reply);
  }

  @Get(':id/history')
  @ApiOperation({
    summary: "A referral's transitions",
    description:
      'Whoever may read the referral (as `GET /v1/referrals/{id}`). Every transition, oldest first: who (client, practitioner, organization; none for deadlines), when, from and to status and stage, and the reason given. ' +
      'A page at a time (`limit`, `cursor`: the `nextCursor` of the previous page).',
  })
  @ApiOkResponse({ type: ReferralHistory })
  @ApiProblems(400, NOT_VISIBLE, 422)
  history(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Query() _query: PageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('referrals', caller, request, reply);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Claim a referral',
    description:
      'Role `specialist`, eligible for the referral (as the queue shows it). No body. The caller now holds it: status `received`, stage `claimed`. ' +
      '409 when someone else holds it or the caller is at capacity (`maxOpenCases`).',
  })
  @ApiIdempotencyKey({ required: false })
  @ApiOkResponse({ type: ReferralResource, description: 'Held by the caller' })
  @ApiProblems(
    400,
    NOT_YOURS,
    NOT_VISIBLE,
    {
      status: 409,
      description:
        "Someone else holds it, the caller is at capacity, or the referral's state does not allow it (`detail` names its status and stage); or a request with this Idempotency-Key is still in flight",
    },
    KEY_REUSED,
  )
  claim(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('referrals', caller, request, reply);
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Give a referral back to the pool',
    description: 'The holder (role `specialist`), with the reason. Status `requested`, stage `pool`.',
  })
  @ApiIdempotencyKey({ required: false })
  @ApiOkResponse({ type: ReferralResource })
  @ApiProblems(400, NOT_YOURS, NOT_VISIBLE, WRONG_STATE, 413, 415, 422)
  release(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Body() _body: ReasonRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('referrals', caller, request, reply);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start answering a referral',
    description: 'The holder (role `specialist`). No body. Status `in-progress`, stage `answering`.',
  })
  @ApiIdempotencyKey({ required: false })
  @ApiOkResponse({ type: ReferralResource })
  @ApiProblems(400, NOT_YOURS, NOT_VISIBLE, WRONG_STATE, KEY_REUSED)
  accept(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('referrals', caller, request, reply);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Decline a referral',
    description:
      'The holder or the target practitioner (role `specialist`), with one of the listed reasons and an optional note. Status `rejected`, stage `declined`.',
  })
  @ApiIdempotencyKey({ required: false })
  @ApiOkResponse({ type: ReferralResource })
  @ApiProblems(400, NOT_YOURS, NOT_VISIBLE, WRONG_STATE, 413, 415, 422)
  decline(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Body() _body: DeclineReferralRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('referrals', caller, request, reply);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Assign a referral to a specialist',
    description:
      'Role `coordinator`, of an organization that may see the referral. Names the specialist who is to take it: stage `assigned`.',
  })
  @ApiIdempotencyKey({ required: false })
  @ApiOkResponse({ type: ReferralResource })
  @ApiProblems(400, NOT_YOURS, NOT_VISIBLE, WRONG_STATE, 413, 415, 422)
  assign(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Body() _body: AssignReferralRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('referrals', caller, request, reply);
  }

  @Post(':id/messages')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Post a message on a referral',
    description:
      'The referrer side (clinicians of the referring organization) or the holder. A `clarification-request` (holder) puts the referral on hold (`on-hold`/`clarification-requested`); ' +
      'a `clarification-response` (referrer) resumes it (`in-progress`/`answering`); a `follow-up` (referrer, after a consult) sends it back to the holder (`answering`); a `note` changes nothing.',
  })
  @ApiIdempotencyKey({ required: false })
  @ApiCreatedResponse({ type: MessageResource })
  @ApiProblems(400, NOT_YOURS, NOT_VISIBLE, WRONG_STATE, 413, 415, 422)
  postMessage(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Body() _body: PostMessageRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('referrals', caller, request, reply);
  }

  @Get(':id/messages')
  @ApiOperation({
    summary: "A referral's messages",
    description:
      'Both sides: the referrer side and the holder. Oldest first (then by id), a page at a time (`limit`, `cursor`: the `nextCursor` of the previous page).',
  })
  @ApiOkResponse({ type: MessageThread })
  @ApiProblems(400, NOT_VISIBLE, 422)
  messages(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Query() _query: PageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('referrals', caller, request, reply);
  }

  @Post(':id/consult')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Give the advice',
    description:
      'The holder (role `specialist`): assessment, advice, recommendation and an optional follow-up. Status `in-progress`, stage `consult-provided`.',
  })
  @ApiIdempotencyKey({ required: false })
  @ApiOkResponse({ type: ReferralResource })
  @ApiProblems(400, NOT_YOURS, NOT_VISIBLE, WRONG_STATE, 413, 415, 422)
  consult(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Body() _body: ConsultRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('referrals', caller, request, reply);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Close a referral',
    description:
      'The referrer side (clinicians of the referring organization): whether the question was answered, and optionally travel avoided, a rating and a comment. Status `completed`, stage `closed`.',
  })
  @ApiIdempotencyKey({ required: false })
  @ApiOkResponse({ type: ReferralResource })
  @ApiProblems(400, NOT_YOURS, NOT_VISIBLE, WRONG_STATE, 413, 415, 422)
  close(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Body() _body: CloseReferralRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('referrals', caller, request, reply);
  }

  @Post(':id/convert')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Convert to an in-person referral',
    description:
      'The holder (role `specialist`), when the referral has `allowConversion`; the reason is optional. Status `completed`, stage `converted`. 409 when conversion was not allowed.',
  })
  @ApiIdempotencyKey({ required: false })
  @ApiOkResponse({ type: ReferralResource })
  @ApiProblems(
    400,
    NOT_YOURS,
    NOT_VISIBLE,
    {
      status: 409,
      description:
        "Conversion was not allowed (`allowConversion` false), or the referral's state does not allow it (`detail` names its status and stage); or a request with this Idempotency-Key is still in flight",
    },
    413,
    415,
    422,
  )
  convert(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Body() _body: ConvertReferralRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('referrals', caller, request, reply);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a referral',
    description:
      'The referrer side (clinicians of the referring organization), before it is completed, with the reason. Status `cancelled`, stage `cancelled`.',
  })
  @ApiIdempotencyKey({ required: false })
  @ApiOkResponse({ type: ReferralResource })
  @ApiProblems(400, NOT_YOURS, NOT_VISIBLE, WRONG_STATE, 413, 415, 422)
  cancel(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Body() _body: ReasonRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('referrals', caller, request, reply);
  }
}

/** The specialists' pool view, served by the referrals service. */
@ApiTags('referrals')
@ApiProblems(401, 403, 429, 503)
@UseGuards(RateLimitGuard)
@Controller('v1/queue')
export class QueueRoutesController {
  constructor(private readonly forwarder: Forwarder) {}

  @Get()
  @ApiOperation({
    summary: 'The claimable referrals of your specialties',
    description:
      'Role `specialist`. Referrals the caller is eligible to claim, in their specialties (or `specialty`), and those assigned to them; ' +
      'de-identified: an age band and sex, never a name, CNIC, phone, patient id or case file id. Urgent first, then earliest `claimDueAt`, then `referralId`; ' +
      'a page at a time (`limit`, `cursor`: the `nextCursor` of the previous page).',
  })
  @ApiOkResponse({ type: QueuePage })
  @ApiProblems(422)
  list(
    @CurrentCaller() caller: Caller,
    @Query() _query: QueueQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('referrals', caller, request, reply);
  }
}
