import { WEEKDAYS, type AvailabilityWindowData } from '@referral/contracts';
import type { FieldError } from '@referral/platform-http';

/** Asia/Karachi is UTC+5 all year (no daylight saving since 2009). */
const KARACHI_OFFSET_MS = 5 * 3600_000;
const MINUTES_PER_DAY = 1440;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** `HH:MM` (up to `24:00`) as minutes since midnight. */
export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/** A window as a half-open range of minutes of the week, Monday 00:00 = 0 … Sunday 24:00 = 10080. */
export function weekMinutes(window: AvailabilityWindowData): [number, number] {
  const day = WEEKDAYS.indexOf(window.day) * MINUTES_PER_DAY;
  return [day + minutesOfDay(window.start), day + minutesOfDay(window.end)];
}

/** The minute of the week of an instant, in Asia/Karachi. */
export function karachiMinuteOfWeek(at: Date): number {
  const local = new Date(at.getTime() + KARACHI_OFFSET_MS);
  const day = (local.getUTCDay() + 6) % 7; // getUTCDay: Sunday = 0
  return day * MINUTES_PER_DAY + local.getUTCHours() * 60 + local.getUTCMinutes();
}

/** The calendar date of an instant in Asia/Karachi, `YYYY-MM-DD`. */
export function karachiDate(at: Date): string {
  return new Date(at.getTime() + KARACHI_OFFSET_MS).toISOString().slice(0, 10);
}

const label = (w: AvailabilityWindowData) => `${w.day} ${w.start}–${w.end}`;

/**
 * What is wrong with a set of weekly windows: a window that ends at or before it starts, or that
 * overlaps another one of the same day. Each problem names the window (`availability.<index>`).
 */
export function availabilityProblems(
  windows: AvailabilityWindowData[],
  field = 'availability',
): FieldError[] {
  const problems: FieldError[] = [];
  const ranges = windows.map(weekMinutes);
  windows.forEach((window, i) => {
    const [start, end] = ranges[i];
    if (end <= start) {
      problems.push({ field: `${field}.${i}`, message: `${label(window)} must end after it starts` });
      return;
    }
    const other = ranges.findIndex(([s, e], j) => j < i && e > s && s < end && start < e);
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
 * The windows as a PostgreSQL `int4multirange` literal, or null when there are none (always
 * available). Adjacent windows merge in PostgreSQL; overlapping ones are refused before this.
 */
export function availableMinutesLiteral(windows: AvailabilityWindowData[]): string | null {
  if (windows.length === 0) return null;
  const ranges = windows.map(weekMinutes).sort((a, b) => a[0] - b[0]);
  return `{${ranges.map(([start, end]) => `[${start},${end})`).join(',')}}`;
}
