import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  ORGANIZATION_EVENTS,
  REFERRAL_EVENTS,
  type OrganizationEventData,
  type PractitionerEventData,
  type ReferralEventData,
} from '@referral/contracts';
import { OnEvent, type EventContext } from '@referral/platform-kafka';
import { ReportProjection } from './report-projection';

/** The consumer group (`<group>.reports`) that keeps the report projection, apart from the service's main group. */
export const REPORTS_CONSUMER = 'reports';

/**
 * Keeps the report projection from the service's own `referrals.referral.v1` and the directory's
 * organization and practitioner events, in the `reports` consumer group: it reads every stream from
 * the beginning at its own pace, with its own inbox rows.
 */
@Controller()
export class ReportEventsConsumer {
  constructor(private readonly projection: ReportProjection) {}

  @OnEvent(
    REFERRAL_EVENTS.map((event) => event.type),
    { consumer: REPORTS_CONSUMER },
  )
  async onReferral(@Payload() data: ReferralEventData, @Ctx() ctx: EventContext): Promise<void> {
    await this.projection.applyReferral(ctx, data);
  }

  @OnEvent(
    ORGANIZATION_EVENTS.map((event) => event.type),
    { consumer: REPORTS_CONSUMER },
  )
  async onOrganization(@Payload() data: OrganizationEventData, @Ctx() ctx: EventContext): Promise<void> {
    await this.projection.applyOrganization(ctx, data);
  }

  @OnEvent(
    ['practitioner.registered', 'practitioner.updated', 'practitioner.role_added', 'practitioner.role_updated'],
    { consumer: REPORTS_CONSUMER },
  )
  async onPractitioner(@Payload() data: PractitionerEventData, @Ctx() ctx: EventContext): Promise<void> {
    await this.projection.applyPractitioner(ctx, data);
  }
}
