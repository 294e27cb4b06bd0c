import type { AvailabilityWindowData } from './events/practitioner.events';
import {
  availableMinutesLiteral,
  isAvailableAt,
  karachiDate,
  karachiMinuteOfWeek,
  weekMinutes,
} from './availability';

const w = (day: string, start: string, end: string) => ({ day, start, end }) as AvailabilityWindowData;

describe('specialist availability windows (Asia/Karachi)', () => {
  it('turns windows into half-open minutes of the week, Monday 00:00 = 0, Sunday 24:00 = 10080', () => {
    expect(weekMinutes(w('mon', '00:00', '01:00'))).toEqual([0, 60]);
    expect(weekMinutes(w('wed', '09:15', '13:00'))).toEqual([2 * 1440 + 555, 2 * 1440 + 780]);
    expect(weekMinutes(w('sun', '20:00', '24:00'))).toEqual([6 * 1440 + 1200, 10080]);
  });

  it('gives no range for a window that cannot match (end not after start, bad day or time)', () => {
    expect(weekMinutes(w('mon', '09:00', '09:00'))).toBeNull();
    expect(weekMinutes(w('fri', '18:00', '08:00'))).toBeNull();
    expect(weekMinutes(w('mon', '24:00', '24:00'))).toBeNull();
    expect(weekMinutes(w('xyz', '09:00', '10:00'))).toBeNull();
    expect(weekMinutes(w('mon', '9:00', '10:00'))).toBeNull();
    expect(weekMinutes(w('mon', '09:00', '24:01'))).toBeNull();
  });

  it('reads the minute of the week and the date in Karachi (UTC+5 all year), not in UTC', () => {
    // Sunday 2026-03-08 19:30 UTC is Monday 00:30 in Karachi.
    expect(karachiMinuteOfWeek(new Date('2026-03-08T19:30:00.000Z'))).toBe(30);
    expect(karachiDate(new Date('2026-03-08T19:30:00.000Z'))).toBe('2026-03-09');
    // Sunday 18:59 UTC is Sunday 23:59: the last minute of the week.
    expect(karachiMinuteOfWeek(new Date('2026-03-08T18:59:00.000Z'))).toBe(10079);
    expect(karachiDate(new Date('2026-03-08T18:59:59.999Z'))).toBe('2026-03-08');
    // Midsummer is still +5 (no daylight saving): Wednesday 2026-07-01 04:00 UTC is 09:00.
    expect(karachiMinuteOfWeek(new Date('2026-07-01T04:00:00.000Z'))).toBe(2 * 1440 + 540);
  });

  it('is always available without windows', () => {
    expect(isAvailableAt([], new Date('2026-03-04T05:00:00.000Z'))).toBe(true);
    expect(isAvailableAt([], new Date('2026-03-08T18:59:00.000Z'))).toBe(true);
  });

  it('includes the start of a window and excludes its end', () => {
    const windows = [w('wed', '09:00', '12:00')];
    expect(isAvailableAt(windows, new Date('2026-03-04T03:59:00.000Z'))).toBe(false); // 08:59
    expect(isAvailableAt(windows, new Date('2026-03-04T04:00:00.000Z'))).toBe(true); // 09:00
    expect(isAvailableAt(windows, new Date('2026-03-04T06:59:59.999Z'))).toBe(true); // 11:59:59
    expect(isAvailableAt(windows, new Date('2026-03-04T07:00:00.000Z'))).toBe(false); // 12:00
    // The same hours on another day are not the window.
    expect(isAvailableAt(windows, new Date('2026-03-05T05:00:00.000Z'))).toBe(false); // Thursday
  });

  it('takes the day in Karachi: a UTC Sunday evening is Karachi Monday', () => {
    const sundayNight = [w('sun', '20:00', '24:00')];
    const mondayEarly = [w('mon', '00:00', '01:00')];
    const sunday2359 = new Date('2026-03-08T18:59:00.000Z');
    const monday0000 = new Date('2026-03-08T19:00:00.000Z');
    const monday0100 = new Date('2026-03-08T20:00:00.000Z');
    // `end` 24:00 covers the last minute of Sunday but not Monday 00:00.
    expect(isAvailableAt(sundayNight, sunday2359)).toBe(true);
    expect(isAvailableAt(sundayNight, monday0000)).toBe(false);
    expect(isAvailableAt(mondayEarly, sunday2359)).toBe(false);
    expect(isAvailableAt(mondayEarly, monday0000)).toBe(true);
    expect(isAvailableAt(mondayEarly, monday0100)).toBe(false);
    // Tuesday 2026-03-03 23:30 UTC is Wednesday 04:30 in Karachi.
    expect(isAvailableAt([w('wed', '04:00', '05:00')], new Date('2026-03-03T23:30:00.000Z'))).toBe(true);
    expect(isAvailableAt([w('tue', '23:00', '24:00')], new Date('2026-03-03T23:30:00.000Z'))).toBe(false);
  });

  it('matches any of several windows, and ignores unusable ones rather than treating them as always', () => {
    const windows = [w('mon', '18:00', '22:00'), w('sat', '09:00', '13:00'), w('sun', '20:00', '24:00')];
    expect(isAvailableAt(windows, new Date('2026-03-07T05:00:00.000Z'))).toBe(true); // Saturday 10:00
    expect(isAvailableAt(windows, new Date('2026-03-09T14:00:00.000Z'))).toBe(true); // Monday 19:00
    expect(isAvailableAt(windows, new Date('2026-03-09T06:00:00.000Z'))).toBe(false); // Monday 11:00
    expect(isAvailableAt([w('mon', '10:00', '09:00')], new Date('2026-03-09T04:30:00.000Z'))).toBe(false);
  });

  it('writes the windows as an int4multirange literal: NULL for always, {} when none is usable', () => {
    expect(availableMinutesLiteral([])).toBeNull();
    expect(availableMinutesLiteral([w('sun', '20:00', '24:00'), w('mon', '00:00', '01:00')])).toBe(
      '{[0,60),[9840,10080)}',
    );
    expect(availableMinutesLiteral([w('mon', '10:00', '09:00')])).toBe('{}');
  });
});
