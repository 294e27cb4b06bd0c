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
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { ServiceRoute } from '@referral/platform-http';
import { answerWith, IdempotencyKey, type IdempotencyScope } from '@referral/platform-idempotency';
import { ReferralReads } from './referral-reads.service';
import { toMessageResource, toReferralResource } from './referral-resource';
import { ReferralWorkflow, type ActionInput } from './referral-workflow.service';
import { SubmitReferralCommand } from './submit-referral.command';

@ApiTags('referrals')
@Controller()
export class ReferralsController {
  constructor(
    private readonly submit: SubmitReferralCommand,
    private readonly workflow: ReferralWorkflow,
    private readonly reads: ReferralReads,
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
    return this.reads.list(caller, query);
  }

  @ServiceRoute(REFERRAL_ROUTES.routes.get)
  async get(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ReferralResource> {
    return this.reads.read(caller, id);
  }

  @ServiceRoute(REFERRAL_ROUTES.routes.history)
  async history(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: PageQuery,
  ): Promise<ReferralHistory> {
    return this.reads.history(caller, id, query);
  }

  @ServiceRoute(REFERRAL_ROUTES.routes.postMessage)
  async postMessage(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: PostMessageRequest,
    @Headers('authorization') authorization: string,
  ): Promise<MessageResource> {
    return toMessageResource(await this.workflow.postMessage(caller, id, body, authorization));
  }

  @ServiceRoute(REFERRAL_ROUTES.routes.messages)
  async messages(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: PageQuery,
  ): Promise<MessageThread> {
    return this.reads.messages(caller, id, query);
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
