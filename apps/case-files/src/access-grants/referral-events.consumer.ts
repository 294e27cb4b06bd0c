import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { listEventTypes, TOPICS, type ReferralEventData } from '@referral/contracts';
import { OnEvent, type EventContext } from '@referral/platform-kafka';
import { KeepAccessGrant } from './keep-access-grant.handler';

/**
 * Specialists' read access to case files follows the referrals they hold: every event of
 * `referrals.referral.v1` (a type added there is handled with no change here) goes to KeepAccessGrant.
 */
@Controller()
export class ReferralEventsConsumer {
  constructor(private readonly keepAccessGrant: KeepAccessGrant) {}

  @OnEvent(listEventTypes(TOPICS.referral))
  onReferralEvent(@Payload() data: ReferralEventData, @Ctx() ctx: EventContext): Promise<void> {
    return this.keepAccessGrant.execute(ctx.manager, ctx.envelope, data);
  }
}
