import { EVENT_REGISTRY, type ReferralEventData, type ReferralEventType } from '@referral/contracts';
import { applyReferralEvent, type ReportReferralState } from './report-referral';

const T0 = Date.UTC(2026, 2, 2, 4, 0);
const minutes = (n: number) => new Date(T0 + n * 60_000).toISOString();

/** The contract's sample of the type, at `minute`, with changes. */
const event = (type: ReferralEventType, minute: number, changes: Partial<ReferralEventData> = {}) => ({
  type,
  data: {
    ...(EVENT_REGISTRY[type].sample as ReferralEventData),
    occurredAt: minutes(minute),
    answerDueAt: minutes(24 * 60),
    ...changes,
  },
});

/** Applies the events in the order given; the state and what each observed. */
function replay(events: Array<ReturnType<typeof event>>) {
  let state: ReportReferralState | null = null;
  const observed = [];
  for (const { type, data } of events) {
    const applied = applyReferralEvent(state, type, data);
    state = applied.state;
    observed.push(applied.observed);
  }
  return { state: state!, observed };
}

describe('applyReferralEvent', () => {
  it('keeps the first claim and answer, and observes each duration once', () => {
    const { state, observed } = replay([
      event('referral.submitted', 0),
      event('referral.claimed', 30),
      event('referral.clarification_requested', 40),
      event('referral.clarification_provided', 100),
      event('referral.released', 110),
      event('referral.claimed', 130),
      event('referral.consult_provided', 200, { recommendation: 'in-person-referral' }),
      event('referral.consult_provided', 260, { recommendation: 'manage-locally' }),
      event('referral.closed', 300),
    ]);
    expect(state).toMatchObject({
      submittedAt: new Date(minutes(0)),
      claimedAt: new Date(minutes(30)),
      firstAnsweredAt: new Date(minutes(200)),
      answeredInTime: true,
      clarificationRequested: true,
      recommendation: 'manage-locally',
      lastEventAt: new Date(minutes(300)),
    });
    expect(observed).toEqual([
      {},
      { claimSeconds: 1800 },
      { firstClarification: true },
      {},
      {},
      {},
      { answerSeconds: 12_000, answeredInTime: true },
      {},
      {},
    ]);
  });

  it('counts an answer after a missed answer deadline as late, even within the fresh one', () => {
    const { state } = replay([
      event('referral.submitted', 0),
      event('referral.claimed', 10),
      event('referral.answer_overdue', 24 * 60, { answerDueAt: minutes(10 * 24 * 60) }),
      event('referral.claimed', 24 * 60 + 10, { answerDueAt: minutes(3 * 24 * 60) }),
      event('referral.consult_provided', 24 * 60 + 50, { answerDueAt: minutes(3 * 24 * 60) }),
    ]);
    expect(state).toMatchObject({ answerDeadlineMissed: true, answeredInTime: false });
  });

  it('counts an answer after its deadline as late, and a conversion as an answer', () => {
    const late = replay([event('referral.submitted', 0), event('referral.consult_provided', 25 * 60)]);
    expect(late.state.answeredInTime).toBe(false);
    const converted = replay([event('referral.submitted', 0), event('referral.converted', 90)]);
    expect(converted.state).toMatchObject({ firstAnsweredAt: new Date(minutes(90)), answeredInTime: true });
    expect(converted.observed[1]).toEqual({ answerSeconds: 5400, answeredInTime: true });
  });

  it('observes the claim when the submission comes after it (a redriven dead letter), and keeps the newest current fields', () => {
    const { state, observed } = replay([
      event('referral.claimed', 30, { specialtyCode: 'internal-medicine' }),
      event('referral.submitted', 0, { specialtyCode: 'dermatology' }),
    ]);
    expect(observed).toEqual([{}, { claimSeconds: 1800 }]);
    expect(state).toMatchObject({ specialtyCode: 'internal-medicine', submittedAt: new Date(minutes(0)) });
  });
});
