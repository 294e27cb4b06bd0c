import { Injectable } from '@nestjs/common';

/** The current time; a provider so that tests can pin "now" (ages from birth dates). */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** `YYYY-MM-DD` of the instant in Asia/Karachi (UTC+5, no DST). */
export function karachiDate(instant: Date): string {
  return new Date(instant.getTime() + 5 * 3_600_000).toISOString().slice(0, 10);
}

/** Whole years from `birthDate` to `today` (both `YYYY-MM-DD`); a 29 February birthday counts on 1 March. */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}
