import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
  ReasonRequest,
  ReferralHistory,
  ReferralPage,
  ReferralResource,
  SubmitReferralRequest,
} from '@referral/contracts';
import { PhiAudit } from '@referral/platform-audit';
import { CurrentCaller, Roles, type Caller } from '@referral/platform-auth';
import {
  decodeKeysetCursor,
  decodeSequenceCursor,
  encodeKeysetCursor,
  encodeSequenceCursor,
} from '@referral/platform-database';
import { ValidationProblem } from '@referral/platform-http';
import { answerWith, IdempotencyKey, type IdempotencyScope } from '@referral/platform-idempotency';
import { referralNotFound } from './referral-problems';
import { toHistoryEntry, toMessageResource, toReferralResource } from './referral-resource';
import { ReferralWorkflow, type ActionInput } from './referral-workflow.service';
import { ReferralRepository } from './referral.repository';
import { SubmitReferralCommand } from './submit-referral.command';

/** Who may read referrals (each sees those API.md's "Who sees referrals" gives them). */
const READERS = ['clinician', 'specialist', 'coordinator', 'partner', 'admin'] as const;
const DEFAULT_PAGE = 20;

/** 422 on `cursor`: not a `nextCursor` this list answered. */
const invalidCursor = () =>
  new ValidationProblem([{ field: 'cursor', message: 'cursor is not a nextCursor of this list' }]);

@ApiTags('referrals')
@Controller('v1/referrals')
export class ReferralsController {
  constructor(
    private readonly submit: SubmitReferralCommand,
    private readonly workflow: ReferralWorkflow,
    private readonly referrals: ReferralRepository,
    private readonly audit: PhiAudit,
  ) {}

  @Post()
  @Roles('clinician')
  @HttpCode(201)
  @ApiCreatedResponse({ type: ReferralResource })
  async create(
    @CurrentCaller() caller: Caller,
    @Body() body: SubmitReferralRequest,
    @Headers('authorization') authorization: string,
    @IdempotencyKey() idempotency: IdempotencyScope | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReferralResource> {
    return answerWith(reply, await this.submit.execute(caller, body, authorization, idempotency));
  }

  @Get()
  @Roles(...READERS)
  @ApiOkResponse({ type: ReferralPage })
  async list(@CurrentCaller() caller: Caller, @Query() query: ListReferralsQuery): Promise<ReferralPage> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const before = query.cursor === undefined ? undefined : decodeKeysetCursor(query.cursor);
    if (query.cursor !== undefined && !before) throw invalidCursor();
    const rows = await this.referrals.list(caller, { ...query, before, limit });
    const page = rows.slice(0, limit);
    await this.audit.recordNow(caller, {
      action: 'search',
      objectType: 'referral',
      objectId: 'list',
      details: { results: page.length },
    });
    return {
      items: page.map(toReferralResource),
      nextCursor: rows.length > limit ? encodeKeysetCursor(page[page.length - 1]) : null,
    };
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOkResponse({ type: ReferralResource })
  async get(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ReferralResource> {
    const referral = await this.referrals.findVisible(id, caller);
    if (!referral) throw referralNotFound(id);
    await this.audit.recordNow(caller, { action: 'read', objectType: 'referral', objectId: id });
    return toReferralResource(referral);
  }

  @Get(':id/history')
  @Roles(...READERS)
  @ApiOkResponse({ type: ReferralHistory })
  async history(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: PageQuery,
  ): Promise<ReferralHistory> {
    const afterSeq = query.cursor === undefined ? undefined : decodeSequenceCursor(query.cursor);
    if (query.cursor !== undefined && !afterSeq) throw invalidCursor();
    if (!(await this.referrals.findVisible(id, caller))) throw referralNotFound(id);
    const limit = query.limit ?? DEFAULT_PAGE;
    const rows = await this.referrals.history(id, { afterSeq, limit });
    const page = rows.slice(0, limit);
    return {
      items: page.map(toHistoryEntry),
      nextCursor: rows.length > limit ? encodeSequenceCursor(page[page.length - 1].seq) : null,
    };
  }

  @Post(':id/messages')
  @Roles('clinician', 'specialist')
  @HttpCode(201)
  @ApiCreatedResponse({ type: MessageResource })
  async postMessage(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: PostMessageRequest,
    @Headers('authorization') authorization: string,
  ): Promise<MessageResource> {
    const { message } = await this.workflow.postMessage(caller, id, body, authorization);
    return toMessageResource(message!);
  }

  @Get(':id/messages')
  @Roles('clinician', 'specialist', 'partner')
  @ApiOkResponse({ type: MessageThread })
  async messages(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: PageQuery,
  ): Promise<MessageThread> {
    const after = query.cursor === undefined ? undefined : decodeKeysetCursor(query.cursor);
    if (query.cursor !== undefined && !after) throw invalidCursor();
    // The two sides: the referring organization's clinicians (and its partner system), the
    // specialist holding or chosen for it.
    const referral = await this.referrals.findVisible(id, caller);
    const side =
      referral &&
      (referral.referringOrganizationId === caller.organizationId ||
        (caller.practitionerId !== null &&
          [referral.holderPractitionerId, referral.targetPractitionerId].includes(caller.practitionerId)));
    if (!side) throw referralNotFound(id);
    await this.audit.recordNow(caller, { action: 'read', objectType: 'referral-messages', objectId: id });
    const limit = query.limit ?? DEFAULT_PAGE;
    const rows = await this.referrals.messages(id, { after, limit });
    const page = rows.slice(0, limit);
    return {
      items: page.map(toMessageResource),
      nextCursor: rows.length > limit ? encodeKeysetCursor(page[page.length - 1]) : null,
    };
  }

  @Post(':id/claim')
  @Roles('specialist')
  @HttpCode(200)
  @ApiOkResponse({ type: ReferralResource })
  claim(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.act(caller, id, { action: 'claim' });
  }

  @Post(':id/release')
  @Roles('specialist')
  @HttpCode(200)
  @ApiOkResponse({ type: ReferralResource })
  release(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ReasonRequest,
  ) {
    return this.act(caller, id, { action: 'release', reason: body.reason });
  }

  @Post(':id/accept')
  @Roles('specialist')
  @HttpCode(200)
  @ApiOkResponse({ type: ReferralResource })
  accept(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.act(caller, id, { action: 'accept' });
  }

  @Post(':id/decline')
  @Roles('specialist')
  @HttpCode(200)
  @ApiOkResponse({ type: ReferralResource })
  decline(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: DeclineReferralRequest,
  ) {
    return this.act(caller, id, {
      action: 'decline',
      reason: body.note ? `${body.reason}: ${body.note}` : body.reason,
      reasonCode: body.reason,
    });
  }

  @Post(':id/assign')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: ReferralResource })
  assign(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AssignReferralRequest,
  ) {
    return this.act(caller, id, { action: 'assign', practitionerId: body.practitionerId });
  }

  @Post(':id/consult')
  @Roles('specialist')
  @HttpCode(200)
  @ApiOkResponse({ type: ReferralResource })
  consult(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ConsultRequest,
  ) {
    return this.act(caller, id, { action: 'consult', consult: body });
  }

  @Post(':id/close')
  @Roles('clinician')
  @HttpCode(200)
  @ApiOkResponse({ type: ReferralResource })
  close(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CloseReferralRequest,
  ) {
    return this.act(caller, id, { action: 'close', closeout: body });
  }

  @Post(':id/convert')
  @Roles('specialist')
  @HttpCode(200)
  @ApiOkResponse({ type: ReferralResource })
  convert(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ConvertReferralRequest,
  ) {
    return this.act(caller, id, { action: 'convert', reason: body?.reason ?? null });
  }

  @Post(':id/cancel')
  @Roles('clinician')
  @HttpCode(200)
  @ApiOkResponse({ type: ReferralResource })
  cancel(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ReasonRequest,
  ) {
    return this.act(caller, id, { action: 'cancel', reason: body.reason });
  }

  private async act(caller: Caller, id: string, input: ActionInput): Promise<ReferralResource> {
    return toReferralResource(await this.workflow.act(caller, id, input));
  }
}
