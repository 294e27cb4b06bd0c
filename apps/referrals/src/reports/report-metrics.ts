import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from '@referral/platform-observability';

// Minutes to weeks: routine deadlines are 24 h to claim and 7 days to answer, urgent 4 h and 24 h.
const BUCKETS = [300, 900, 1800, 3600, 7200, 14_400, 28_800, 43_200, 86_400, 172_800, 259_200, 604_800, 1_209_600];

/** Observed once per referral, when the report projection first knows both moments. */
export const referralTimeToClaim = new Histogram({
  name: 'referral_time_to_claim_seconds',
  help: 'Submission to first claim of a referral, by specialty and priority',
  labelNames: ['specialty', 'priority'] as const,
  buckets: BUCKETS,
  registers: [metricsRegistry],
});

export const referralTimeToFirstAnswer = new Histogram({
  name: 'referral_time_to_first_answer_seconds',
  help: 'Submission to first answer (consult or conversion) of a referral, by specialty and priority',
  labelNames: ['specialty', 'priority'] as const,
  buckets: BUCKETS,
  registers: [metricsRegistry],
});

export const referralFirstAnswers = new Counter({
  name: 'referral_first_answers_total',
  help: 'Referrals answered for the first time, by specialty and whether within the answer deadline',
  labelNames: ['specialty', 'within_deadline'] as const,
  registers: [metricsRegistry],
});

export const referralClarifications = new Counter({
  name: 'referral_clarifications_requested_total',
  help: 'Referrals whose holder asked a first clarification, by specialty',
  labelNames: ['specialty'] as const,
  registers: [metricsRegistry],
});
