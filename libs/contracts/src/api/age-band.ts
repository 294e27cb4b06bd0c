/**
 * The age bands of the de-identified views (the referrals queue): wide enough not to identify a
 * patient, narrow enough to triage (WHO-style: under five, school age, young adult, adult, middle age,
 * elderly). `unknown` when neither a birth date nor an age was recorded.
 */
export const AGE_BANDS = ['0-4', '5-14', '15-24', '25-44', '45-64', '65+', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** [year, month, day] of a `YYYY-MM-DD`, or null when it is not one. */
function partsOf(date: string): [number, number, number] | null {
  const match = CALENDAR_DATE.exec(date);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
}

/**
 * Whole years from `birthDate` to `today` (both `YYYY-MM-DD`): the birthday counts from its day on; a
 * 29 February birthday counts on 1 March in a common year. Null when either date is malformed.
 */
function yearsOn(birthDate: string, today: string): number | null {
  const birth = partsOf(birthDate);
  const now = partsOf(today);
  if (!birth || !now) return null;
  const [by, bm, bd] = birth;
  const [ty, tm, td] = now;
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/**
 * The patient's age band on `today` (`YYYY-MM-DD`, the caller's calendar: Asia/Karachi for the
 * services). The birth date wins when both are given (the recorded age does not grow older); the age in
 * years, taken as recorded, counts when there is no birth date (or a malformed one). `unknown` when
 * neither is known, or when what is known is not an age (a future birth date, a negative or
 * fractional age).
 */
export function ageBandOf(birthDate: string | null, ageYears: number | null, today: string): AgeBand {
  const age = (birthDate !== null ? yearsOn(birthDate, today) : null) ?? ageYears;
  if (age === null || !Number.isInteger(age) || age < 0) return 'unknown';
  if (age <= 4) return '0-4';
  if (age <= 14) return '5-14';
  if (age <= 24) return '15-24';
  if (age <= 44) return '25-44';
  if (age <= 64) return '45-64';
  return '65+';
}
