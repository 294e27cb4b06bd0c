import { TIME_OF_DAY, WEEKDAYS, type AvailabilityWindowData } from './events/practitioner.events';

/*
 * Asia/Karachi time and weekly availability windows: the one place that knows how an instant reads in
 * Karachi (the calendar of licences and ages, the week of availability windows, the day of quiet
 * hours) and what a window means. Every service takes it from here.
 */

/** Asia/Karachi is UTC+5 all year (no daylight saving since 2009): no time-zone database needed. */
const KARACHI_OFFSET_MS = 5 * 3600_000;
export const MINUTES_PER_DAY = 1440;

/** `HH:MM` (up to `24:00`) as minutes since midnight. */
export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/** The minute of the week of an instant in Asia/Karachi (Monday 00:00 = 0). */
export function karachiMinuteOfWeek(at: Date): number {
  const local = new Date(at.getTime() + KARACHI_OFFSET_MS);
  const day = (local.getUTCDay() + 6) % 7; // getUTCDay: Sunday = 0
  return day * MINUTES_PER_DAY + local.getUTCHours() * 60 + local.getUTCMinutes();
}

/** The minute of the day of an instant in Asia/Karachi (00:00 = 0 … 23:59 = 1439). */
export function karachiMinuteOfDay(at: Date): number {
  return karachiMinuteOfWeek(at) % MINUTES_PER_DAY;
}

/** The calendar date of an instant in Asia/Karachi, `YYYY-MM-DD`. */
export function karachiDate(at: Date): string {
  return new Date(at.getTime() + KARACHI_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * A window as a half-open range of minutes of the week (Monday 00:00 = 0 … Sunday 24:00 = 10080), or
 * null for a window that cannot match anything (unknown day, malformed time, end not after start):
 * the directory refuses those, and the projection does not trust that it always will.
 */
export function weekMinutes(window: AvailabilityWindowData): [number, number] | null {
  const day = WEEKDAYS.indexOf(window.day);
  const valid = (time: string) => TIME_OF_DAY.test(time);
  if (day < 0 || !valid(window.start) || !valid(window.end)) return null;
  const start = minutesOfDay(window.start);
  const end = minutesOfDay(window.end);
  if (end <= start) return null;
  return [day * MINUTES_PER_DAY + start, day * MINUTES_PER_DAY + end];
}

/**
 * Whether a role with these windows is available at an instant. No windows: always. Otherwise the
 * instant's Karachi day and time must fall in one window, start included, end excluded (`24:00` is the
 * end of that day: `sun 20:00–24:00` covers Sunday 23:59, not Monday 00:00).
 */
export function isAvailableAt(windows: AvailabilityWindowData[], at: Date): boolean {
  if (windows.length === 0) return true;
  const minute = karachiMinuteOfWeek(at);
  return windows.some((window) => {
    const range = weekMinutes(window);
    return range !== null && range[0] <= minute && minute < range[1];
  });
}

/** A problem with one window of a set, named `<field>.<index>` (the shape of a validation problem's error). */
export interface AvailabilityProblem {
  field: string;
  message: string;
}

const label = (w: AvailabilityWindowData) => `${w.day} ${w.start}–${w.end}`;

/**
 * What is wrong with a set of weekly windows whose days and times are well-formed (the request's
 * validation checked them): a window that ends at or before it starts, or that overlaps another one
 * of the same day (touching is fine). Each problem names the window (`availability.<index>`).
 */
export function availabilityProblems(
  windows: AvailabilityWindowData[],
  field = 'availability',
): AvailabilityProblem[] {
  const problems: AvailabilityProblem[] = [];
  const ranges = windows.map(weekMinutes);
  windows.forEach((window, i) => {
    const range = ranges[i];
    if (range === null) {
      problems.push({ field: `${field}.${i}`, message: `${label(window)} must end after it starts` });
      return;
    }
    const [start, end] = range;
    const other = ranges.findIndex((r, j) => j < i && r !== null && r[0] < end && start < r[1]);
    if (other >= 0) {
      problems.push({
        field: `${field}.${i}`,
        message: `${label(window)} overlaps ${field}.${other} (${label(windows[other])})`,
      });
    }
  });
  return problems;
}

/**
 * The windows as a PostgreSQL `int4multirange` literal for `available_minutes` (directory, referrals
 * and notifications alike): null when there are none (always available); `{}` (never) when every
 * window is unusable, so that a role meant to be restricted never becomes always available.
 * Overlapping or touching windows merge in PostgreSQL.
 */
export function availableMinutesLiteral(windows: AvailabilityWindowData[]): string | null {
  if (windows.length === 0) return null;
  const ranges = windows
    .map(weekMinutes)
    .filter((range): range is [number, number] => range !== null)
    .sort((a, b) => a[0] - b[0]);
  return `{${ranges.map(([start, end]) => `[${start},${end})`).join(',')}}`;
}
