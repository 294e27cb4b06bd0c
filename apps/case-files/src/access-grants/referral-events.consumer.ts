import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { ReferralEventData } from '@referral/contracts';
import { LOGGER, SERVICE_ENV } from '@referral/platform-http';
import { OnEvent, type EventContext } from '@referral/platform-kafka';
import type { Logger } from 'pino';
import type { CaseFilesEnv } from '../config';
import { AccessGrantRepository } from './access-grant.repository';
import { nextGrant } from './grant-rule';

/**
 * Keeps specialists' read access to case files in step with the referrals they hold
 * (`referrals.referral.v1`). Every type is handled the same way, from the referral's snapshot in the
 * event (grant-rule.ts); the grant and the inbox row commit together in the event platform's
 * transaction.
 */
@Controller()
export class ReferralEventsConsumer {
  constructor(
    private readonly grants: AccessGrantRepository,
    @Inject(SERVICE_ENV) private readonly env: CaseFilesEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @OnEvent('referral.submitted')
  onSubmitted(@Payload() data: ReferralEventData, @Ctx() ctx: EventContext): Promise<void> {
    return this.apply(data, ctx);
  }

  @OnEvent('referral.claimed')
  onClaimed(@Payload() data: ReferralEventData, @Ctx() ctx: EventContext): Promise<void> {
    return this.apply(data, ctx);
  }

  @OnEvent('referral.released')
  onReleased(@Payload() data: ReferralEventData, @Ctx() ctx: EventContext): Promise<void> {
    return this.apply(data, ctx);
  }

  @OnEvent('referral.accepted')
  onAccepted(@Payload() data: ReferralEventData, @Ctx() ctx: EventContext): Promise<void> {
    return this.apply(data, ctx);
  }

  @OnEvent('referral.declined')
  onDeclined(@Payload() data: ReferralEventData, @Ctx() ctx: EventContext): Promise<void> {
    return this.apply(data, ctx);
  }

  @OnEvent('referral.assigned')
  onAssigned(@Payload() data: ReferralEventData, @Ctx() ctx: EventContext): Promise<void> {
    return this.apply(data, ctx);
  }

  @OnEvent('referral.redirected')
  onRedirected(@Payload() data: ReferralEventData, @Ctx() ctx: EventContext): Promise<void> {
    return this.apply(data, ctx);
  }

  @OnEvent('referral.clarification_requested')
  onClarificationRequested(@Payload() data: ReferralEventData, @Ctx() ctx: EventContext): Promise<void> {
    return this.apply(data, ctx);
  }

  @OnEvent('referral.clarification_provided')
  onClarificationProvided(@Payload() data: ReferralEventData, @Ctx() ctx: EventContext): Promise<void> {
    return this.apply(data, ctx);
  }

  @OnEvent('referral.consult_provided')
  onConsultProvided(@Payload() data: ReferralEventData, @Ctx() ctx: EventContext): Promise<void> {
    return this.apply(data, ctx);
  }

  @OnEvent('referral.closed')
  onClosed(@Payload() data: ReferralEventData, @Ctx() ctx: EventContext): Promise<void> {
    return this.apply(data, ctx);
  }

  @OnEvent('referral.converted')
  onConverted(@Payload() data: ReferralEventData, @Ctx() ctx: EventContext): Promise<void> {
    return this.apply(data, ctx);
  }

  @OnEvent('referral.cancelled')
  onCancelled(@Payload() data: ReferralEventData, @Ctx() ctx: EventContext): Promise<void> {
    return this.apply(data, ctx);
  }

  @OnEvent('referral.claim_overdue')
  onClaimOverdue(@Payload() data: ReferralEventData, @Ctx() ctx: EventContext): Promise<void> {
    return this.apply(data, ctx);
  }

  @OnEvent('referral.answer_overdue')
  onAnswerOverdue(@Payload() data: ReferralEventData, @Ctx() ctx: EventContext): Promise<void> {
    return this.apply(data, ctx);
  }

  @OnEvent('referral.escalated')
  onEscalated(@Payload() data: ReferralEventData, @Ctx() ctx: EventContext): Promise<void> {
    return this.apply(data, ctx);
  }

  private async apply(data: ReferralEventData, ctx: EventContext): Promise<void> {
    const current = await this.grants.findForUpdate(ctx.manager, data.referralId);
    const next = nextGrant(current, data, this.env.CASE_FILE_ACCESS_AFTER_CLOSE_DAYS);
    if (!next) {
      this.logger.info(
        { type: ctx.envelope.type, eventId: ctx.envelope.id, referralId: data.referralId },
        'referral event older than the last one applied; access unchanged',
      );
      return;
    }
    await this.grants.save(ctx.manager, next);
  }
}
