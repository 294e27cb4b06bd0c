import { Injectable } from '@nestjs/common';
import type {
  OrganizationEventData,
  PractitionerEventData,
  ReferralEventData,
  ReferralEventType,
} from '@referral/contracts';
import type { EventContext } from '@referral/platform-kafka';
import {
  referralClarifications,
  referralFirstAnswers,
  referralTimeToClaim,
  referralTimeToFirstAnswer,
} from './report-metrics';
import { applyReferralEvent } from './report-referral';
import { ReportRepository } from './report.repository';

/**
 * Keeps the report projection in the consumer's inbox transaction (a redelivered event is skipped),
 * and observes the report's histograms once that transaction has committed: once per referral.
 */
@Injectable()
export class ReportProjection {
  constructor(private readonly repository: ReportRepository) {}

  async applyReferral(ctx: EventContext, data: ReferralEventData): Promise<void> {
    const held = await this.repository.lockReferral(ctx.manager, data);
    const { state, observed } = applyReferralEvent(held, ctx.envelope.type as ReferralEventType, data);
    await this.repository.saveReferral(ctx.manager, state);
    const labels = { specialty: state.specialtyCode, priority: state.priority };
    ctx.afterCommit(() => {
      if (observed.claimSeconds !== undefined) referralTimeToClaim.observe(labels, observed.claimSeconds);
      if (observed.answerSeconds !== undefined) {
        referralTimeToFirstAnswer.observe(labels, observed.answerSeconds);
        referralFirstAnswers.inc({
          specialty: state.specialtyCode,
          within_deadline: String(observed.answeredInTime ?? false),
        });
      }
      if (observed.firstClarification) referralClarifications.inc({ specialty: state.specialtyCode });
    });
  }

  applyOrganization(ctx: EventContext, data: OrganizationEventData): Promise<void> {
    return this.repository.applyOrganization(ctx.manager, data);
  }

  applyPractitioner(ctx: EventContext, data: PractitionerEventData): Promise<void> {
    return this.repository.applyPractitioner(ctx.manager, data);
  }
}
