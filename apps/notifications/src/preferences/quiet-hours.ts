import { karachiMinuteOfDay, MINUTES_PER_DAY } from '@referral/contracts';

/** `HH:MM` (00:00–23:59) as minutes since midnight; null when malformed. */
export function minutesOf(time: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export interface QuietHours {
  /** `HH:MM` Asia/Karachi: from when messages wait… */
  start: string;
  /** …until when (exclusive). `22:00`–`07:00` spans midnight; equal start and end: no quiet hours. */
  end: string;
}

/**
 * When a non-urgent message may go out: `at` itself outside the quiet hours, else the end of the
 * quiet hours (the next `end` in Karachi time). Quiet hours are the practitioner's own choice (their
 * preferences); urgent referrals ignore them.
 */
export function notBefore(at: Date, quiet: QuietHours | null): Date {
  if (!quiet) return at;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === null || end === null || start === end) return at;
  const minute = karachiMinuteOfDay(at);
  const quietNow = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!quietNow) return at;
  // Minutes from now until `end` (today or tomorrow), to the start of that minute.
  const wait = (end - minute + MINUTES_PER_DAY) % MINUTES_PER_DAY || MINUTES_PER_DAY;
  const startOfMinute = at.getTime() - (at.getTime() % 60_000);
  return new Date(startOfMinute + wait * 60_000);
}
