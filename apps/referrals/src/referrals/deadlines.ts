import type { ReferralPriority } from '@referral/contracts';
import type { ReferralsEnv } from '../config';

const HOUR = 3600_000;

export type DeadlineTable = Record<ReferralPriority, { claimHours: number; answerHours: number }>;

/** Default deadlines by priority (DESIGN.md §4): routine claim 24 h / answer 7 d; urgent 4 h / 24 h. */
export const DEFAULT_DEADLINES: DeadlineTable = {
  routine: { claimHours: 24, answerHours: 7 * 24 },
  urgent: { claimHours: 4, answerHours: 24 },
};

export function deadlineTableOf(env: ReferralsEnv): DeadlineTable {
  return {
    routine: { claimHours: env.DEADLINE_ROUTINE_CLAIM_HOURS, answerHours: env.DEADLINE_ROUTINE_ANSWER_HOURS },
    urgent: { claimHours: env.DEADLINE_URGENT_CLAIM_HOURS, answerHours: env.DEADLINE_URGENT_ANSWER_HOURS },
  };
}

/** Entering the pool at `from`: the claim clock starts; the answer deadline is what it would be if claimed last minute. */
export function deadlinesFor(priority: ReferralPriority, from: Date, table = DEFAULT_DEADLINES) {
  const { claimHours, answerHours } = table[priority];
  return {
    claimDueAt: new Date(from.getTime() + claimHours * HOUR),
    answerDueAt: new Date(from.getTime() + answerHours * HOUR),
  };
}

/** Claimed (or sent back by a follow-up) at `from`: the answer clock starts. */
export function answerDeadline(priority: ReferralPriority, from: Date, table = DEFAULT_DEADLINES): Date {
  return new Date(from.getTime() + table[priority].answerHours * HOUR);
}

/** A clarification answered: the time on hold is added to the answer deadline. */
export function resumedAnswerDeadline(answerDueAt: Date, pausedAt: Date, resumedAt: Date): Date {
  return new Date(answerDueAt.getTime() + Math.max(0, resumedAt.getTime() - pausedAt.getTime()));
}
