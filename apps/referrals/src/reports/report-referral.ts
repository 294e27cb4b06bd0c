import type { ReferralEventData, ReferralEventType } from '@referral/contracts';

/** One referral as the report projection keeps it (`report_referral`). */
export interface ReportReferralState {
  referralId: string;
  specialtyCode: string;
  priority: string;
  referringOrganizationId: string;
  holderPractitionerId: string | null;
  targetPractitionerId: string | null;
  submittedAt: Date | null;
  claimedAt: Date | null;
  firstAnsweredAt: Date | null;
  /** At the first answer: no answer deadline missed before it, and given by the deadline then in force. */
  answeredInTime: boolean | null;
  answerDeadlineMissed: boolean;
  clarificationRequested: boolean;
  recommendation: string | null;
  recommendationAt: Date | null;
  convertedAt: Date | null;
  declinedAt: Date | null;
  cancelledAt: Date | null;
  lastEventAt: Date;
}

/** Durations first known by this event (each is observed once per referral). */
export interface Observed {
  claimSeconds?: number;
  answerSeconds?: number;
  answeredInTime?: boolean;
  firstClarification?: boolean;
}

const earliest = (held: Date | null, at: Date) => (held && held <= at ? held : at);

/**
 * Applies one `referrals.referral.v1` event to the referral's state (null: not seen yet). One
 * referral's events come in order (one partition), but a redriven dead letter may come late: first
 * moments keep the earliest, current fields (specialty, holder, target, priority) follow the newest.
 */
export function applyReferralEvent(
  held: ReportReferralState | null,
  type: ReferralEventType,
  data: ReferralEventData,
): { state: ReportReferralState; observed: Observed } {
  const at = new Date(data.occurredAt);
  const before = held ?? {
    referralId: data.referralId,
    specialtyCode: data.specialtyCode,
    priority: data.priority,
    referringOrganizationId: data.referringOrganizationId,
    holderPractitionerId: null,
    targetPractitionerId: null,
    submittedAt: null,
    claimedAt: null,
    firstAnsweredAt: null,
    answeredInTime: null,
    answerDeadlineMissed: false,
    clarificationRequested: false,
    recommendation: null,
    recommendationAt: null,
    convertedAt: null,
    declinedAt: null,
    cancelledAt: null,
    lastEventAt: at,
  };
  const state: ReportReferralState = { ...before };
  if (!held || at >= before.lastEventAt) {
    Object.assign(state, {
      specialtyCode: data.specialtyCode,
      priority: data.priority,
      holderPractitionerId: data.holderPractitionerId ?? null,
      targetPractitionerId: data.targetPractitionerId ?? null,
      lastEventAt: at,
    });
  }
  const answer = () => {
    if (state.firstAnsweredAt && state.firstAnsweredAt <= at) return;
    state.firstAnsweredAt = at;
    state.answeredInTime =
      !state.answerDeadlineMissed && !!data.answerDueAt && at.getTime() <= Date.parse(data.answerDueAt);
  };
  switch (type) {
    case 'referral.submitted':
      state.submittedAt = earliest(state.submittedAt, at);
      break;
    case 'referral.claimed':
      state.claimedAt = earliest(state.claimedAt, at);
      break;
    case 'referral.clarification_requested':
      state.clarificationRequested = true;
      break;
    case 'referral.answer_overdue':
      if (!state.firstAnsweredAt || at < state.firstAnsweredAt) {
        state.answerDeadlineMissed = true;
        if (state.firstAnsweredAt) state.answeredInTime = false;
      }
      break;
    case 'referral.consult_provided':
      answer();
      if (data.recommendation && (!state.recommendationAt || at >= state.recommendationAt)) {
        state.recommendation = data.recommendation;
        state.recommendationAt = at;
      }
      break;
    case 'referral.converted':
      answer();
      state.convertedAt = earliest(state.convertedAt, at);
      break;
    case 'referral.declined':
      state.declinedAt = earliest(state.declinedAt, at);
      break;
    case 'referral.cancelled':
      state.cancelledAt = earliest(state.cancelledAt, at);
      break;
    default:
      break;
  }
  const observed: Observed = {};
  const seconds = (to: Date) => (to.getTime() - state.submittedAt!.getTime()) / 1000;
  if (state.submittedAt && state.claimedAt && !(before.submittedAt && before.claimedAt)) {
    observed.claimSeconds = seconds(state.claimedAt);
  }
  if (state.submittedAt && state.firstAnsweredAt && !(before.submittedAt && before.firstAnsweredAt)) {
    observed.answerSeconds = seconds(state.firstAnsweredAt);
    observed.answeredInTime = state.answeredInTime ?? false;
  }
  if (state.clarificationRequested && !before.clarificationRequested) observed.firstClarification = true;
  return { state, observed };
}
