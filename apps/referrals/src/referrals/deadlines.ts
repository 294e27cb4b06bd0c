import type { ReferralPriority } from '@referral/contracts';

const HOUR = 3600_000;

/** Default deadlines by priority (DESIGN.md §4): routine claim 24 h / answer 7 d; urgent 4 h / 24 h. */
export const DEFAULT_DEADLINES: Record<ReferralPriority, { claimHours: number; answerHours: number }> = {
  routine: { claimHours: 24, answerHours: 7 * 24 },
  urgent: { claimHours: 4, answerHours: 24 },
};

export function deadlinesFor(priority: ReferralPriority, submittedAt: Date, table = DEFAULT_DEADLINES) {
  const { claimHours, answerHours } = table[priority];
  return {
    claimDueAt: new Date(submittedAt.getTime() + claimHours * HOUR),
    answerDueAt: new Date(submittedAt.getTime() + answerHours * HOUR),
  };
}
