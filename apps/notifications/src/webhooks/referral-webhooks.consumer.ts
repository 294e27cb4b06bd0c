import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { listEventTypes, TOPICS, type ReferralEventData } from '@referral/contracts';
import { OnEvent, type EventContext } from '@referral/platform-kafka';
import { WebhookFanout } from './webhook-fanout';

/** Every referral event may be a webhook: scheduled in the inbox transaction of the event platform. */
@Controller()
export class ReferralWebhooksConsumer {
  constructor(private readonly fanout: WebhookFanout) {}

  @OnEvent(listEventTypes(TOPICS.referral))
  async onReferralEvent(@Payload() data: ReferralEventData, @Ctx() ctx: EventContext): Promise<void> {
    await this.fanout.referralEvent(ctx.manager, ctx.envelope, data);
  }
}
