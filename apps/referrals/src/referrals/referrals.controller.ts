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
import { CurrentCaller, Roles, type Caller } from '@referral/platform-auth';
import { answerWith, IdempotencyKey, type IdempotencyScope } from '@referral/platform-idempotency';
import { ReferralReads } from './referral-reads.service';
import { toMessageResource, toReferralResource } from './referral-resource';
import { ReferralWorkflow, type ActionInput } from './referral-workflow.service';
import { SubmitReferralCommand } from './submit-referral.command';

/** Who may read referrals (each sees those API.md's "Who sees referrals" gives them). */
const READERS = ['clinician', 'specialist', 'coordinator', 'partner', 'admin'] as const;

@ApiTags('referrals')
@Controller('v1/referrals')
export class ReferralsController {
  constructor(
    private readonly submit: SubmitReferralCommand,
    private readonly workflow: ReferralWorkflow,
    private readonly reads: ReferralReads,
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
    return this.reads.list(caller, query);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOkResponse({ type: ReferralResource })
  async get(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ReferralResource> {
    return this.reads.read(caller, id);
  }

  @Get(':id/history')
  @Roles(...READERS)
  @ApiOkResponse({ type: ReferralHistory })
  async history(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: PageQuery,
  ): Promise<ReferralHistory> {
    return this.reads.history(caller, id, query);
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
    return toMessageResource(await this.workflow.postMessage(caller, id, body, authorization));
  }

  @Get(':id/messages')
  @Roles('clinician', 'specialist', 'partner')
  @ApiOkResponse({ type: MessageThread })
  async messages(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: PageQuery,
  ): Promise<MessageThread> {
    return this.reads.messages(caller, id, query);
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
