import { Body, Controller, Headers, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiTags } from '@nestjs/swagger';
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
  REFERRAL_ROUTES,
} from '@referral/contracts';
import { PhiAudit } from '@referral/platform-audit';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import {
  decodeKeysetCursor,
  decodeSequenceCursor,
  encodeKeysetCursor,
  encodeSequenceCursor,
} from '@referral/platform-database';
import { ValidationProblem, ServiceRoute } from '@referral/platform-http';
import { answerWith, IdempotencyKey, type IdempotencyScope } from '@referral/platform-idempotency';
import { referralNotFound } from './referral-problems';
import { toHistoryEntry, toMessageResource, toReferralResource } from './referral-resource';
import { ReferralWorkflow, type ActionInput } from './referral-workflow.service';
import { ReferralRepository } from './referral.repository';
import { SubmitReferralCommand } from './submit-referral.command';

const DEFAULT_PAGE = 20;

/** 422 on `cursor`: not a `nextCursor` this list answered. */
const invalidCursor = () =>
  new ValidationProblem([{ field: 'cursor', message: 'cursor is not a nextCursor of this list' }]);

@ApiTags('referrals')
@Controller()
export class ReferralsController {
  constructor(
    private readonly submit: SubmitReferralCommand,
    private readonly workflow: ReferralWorkflow,
    private readonly referrals: ReferralRepository,
    private readonly audit: PhiAudit,
  ) {}

  @ServiceRoute(REFERRAL_ROUTES.routes.submit)
  async create(
    @CurrentCaller() caller: Caller,
    @Body() body: SubmitReferralRequest,
    @Headers('authorization') authorization: string,
    @IdempotencyKey() idempotency: IdempotencyScope | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReferralResource> {
    return answerWith(reply, await this.submit.execute(caller, body, authorization, idempotency));
  }

  @ServiceRoute(REFERRAL_ROUTES.routes.list)
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

  @ServiceRoute(REFERRAL_ROUTES.routes.get)
  async get(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ReferralResource> {
    const referral = await this.referrals.findVisible(id, caller);
    if (!referral) throw referralNotFound(id);
    await this.audit.recordNow(caller, { action: 'read', objectType: 'referral', objectId: id });
    return toReferralResource(referral);
  }

  @ServiceRoute(REFERRAL_ROUTES.routes.history)
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

  @ServiceRoute(REFERRAL_ROUTES.routes.postMessage)
  async postMessage(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: PostMessageRequest,
    @Headers('authorization') authorization: string,
  ): Promise<MessageResource> {
    const { message } = await this.workflow.postMessage(caller, id, body, authorization);
    return toMessageResource(message!);
  }

  @ServiceRoute(REFERRAL_ROUTES.routes.messages)
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

  @ServiceRoute(REFERRAL_ROUTES.routes.claim)
  claim(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.act(caller, id, { action: 'claim' });
  }

  @ServiceRoute(REFERRAL_ROUTES.routes.release)
  release(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ReasonRequest,
  ) {
    return this.act(caller, id, { action: 'release', reason: body.reason });
  }

  @ServiceRoute(REFERRAL_ROUTES.routes.accept)
  accept(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.act(caller, id, { action: 'accept' });
  }

  @ServiceRoute(REFERRAL_ROUTES.routes.decline)
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

  @ServiceRoute(REFERRAL_ROUTES.routes.assign)
  assign(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AssignReferralRequest,
  ) {
    return this.act(caller, id, { action: 'assign', practitionerId: body.practitionerId });
  }

  @ServiceRoute(REFERRAL_ROUTES.routes.consult)
  consult(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ConsultRequest,
  ) {
    return this.act(caller, id, { action: 'consult', consult: body });
  }

  @ServiceRoute(REFERRAL_ROUTES.routes.close)
  close(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CloseReferralRequest,
  ) {
    return this.act(caller, id, { action: 'close', closeout: body });
  }

  @ServiceRoute(REFERRAL_ROUTES.routes.convert)
  convert(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ConvertReferralRequest,
  ) {
    return this.act(caller, id, { action: 'convert', reason: body?.reason ?? null });
  }

  @ServiceRoute(REFERRAL_ROUTES.routes.cancel)
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
