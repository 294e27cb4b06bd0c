/** Whole years from `birthDate` to `today` (both `YYYY-MM-DD`); a 29 February birthday counts on 1 March. */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/**
 * The age now of a patient whose age was stated (registration without a birth date): `ageYears` on
 * `statedOn`, one year more on each anniversary of that day (the birthday itself is unknown). Both
 * dates `YYYY-MM-DD` in Asia/Karachi; a `today` before `statedOn` (a clock set back) gives the age as
 * stated.
 */
export function ageFromStated(ageYears: number, statedOn: string, today: string): number {
  return ageYears + Math.max(0, ageOn(statedOn, today));
}

/** What a patient's age is known from: exactly one of a birth date and a stated age (with its date). */
export interface AgeRecord {
  birthDate: string | null;
  ageYears: number | null;
  ageStatedOn: string | null;
}

/** The patient's age on `today` (`YYYY-MM-DD`, Asia/Karachi); null when neither is recorded. */
export function currentAge(patient: AgeRecord, today: string): number | null {
  if (patient.birthDate !== null) return ageOn(patient.birthDate, today);
  if (patient.ageYears === null) return null;
  // A row without the date stated predates nothing (the migration filled them all): as stated.
  return patient.ageStatedOn !== null
    ? ageFromStated(patient.ageYears, patient.ageStatedOn, today)
    : patient.ageYears;
}
