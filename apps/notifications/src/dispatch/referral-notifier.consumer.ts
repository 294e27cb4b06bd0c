import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { listEventTypes, TOPICS, type ReferralEventData } from '@referral/contracts';
import { OnEvent, type EventContext } from '@referral/platform-kafka';
import { NotifyReferralChange } from './notify-referral-change.handler';

/** Every referral event becomes the notifications the rules name (NotifyReferralChange), in its inbox transaction. */
@Controller()
export class ReferralNotifierConsumer {
  constructor(private readonly notify: NotifyReferralChange) {}

  @OnEvent(listEventTypes(TOPICS.referral))
  onReferralEvent(@Payload() data: ReferralEventData, @Ctx() ctx: EventContext): Promise<void> {
    return this.notify.execute(ctx.manager, ctx.envelope, data);
  }
}
