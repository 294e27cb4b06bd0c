import type { AvailabilityWindowData } from './events/practitioner.events';
import {
  availabilityProblems,
  availableMinutesLiteral,
  isAvailableAt,
  karachiDate,
  karachiMinuteOfDay,
  karachiMinuteOfWeek,
  weekMinutes,
} from './availability';

const w = (day: string, start: string, end: string) => ({ day, start, end }) as AvailabilityWindowData;

describe('specialist availability windows (Asia/Karachi)', () => {
  it('turns windows into half-open minutes of the week, Monday 00:00 = 0, Sunday 24:00 = 10080', () => {
    expect(weekMinutes(w('mon', '00:00', '01:00'))).toEqual([0, 60]);
    expect(weekMinutes(w('wed', '09:15', '13:00'))).toEqual([2 * 1440 + 555, 2 * 1440 + 780]);
    expect(weekMinutes(w('sun', '20:00', '24:00'))).toEqual([6 * 1440 + 1200, 10080]);
    expect(weekMinutes(w('mon', '00:00', '00:30'))).toEqual([0, 30]);
    expect(weekMinutes(w('tue', '09:15', '13:00'))).toEqual([1440 + 555, 1440 + 780]);
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
    // And in late November: Sunday 2026-11-29 19:30 UTC is Monday 00:30, 18:59 UTC is Sunday 23:59.
    expect(karachiMinuteOfWeek(new Date('2026-11-29T19:30:00.000Z'))).toBe(30);
    expect(karachiDate(new Date('2026-11-29T19:30:00.000Z'))).toBe('2026-11-30');
    expect(karachiMinuteOfWeek(new Date('2026-11-29T18:59:00.000Z'))).toBe(10079);
    expect(karachiDate(new Date('2026-11-29T18:59:00.000Z'))).toBe('2026-11-29');
  });

  it('turns to the next Karachi day at 19:00 UTC', () => {
    expect(karachiDate(new Date('2025-03-03T18:59:59.000Z'))).toBe('2025-03-03');
    expect(karachiDate(new Date('2025-03-03T19:00:00.000Z'))).toBe('2025-03-04');
  });

  it('reads the minute of the day in Karachi', () => {
    expect(karachiMinuteOfDay(new Date('2026-03-08T19:30:00.000Z'))).toBe(30); // Monday 00:30
    expect(karachiMinuteOfDay(new Date('2026-03-08T18:59:00.000Z'))).toBe(1439); // Sunday 23:59
    expect(karachiMinuteOfDay(new Date('2026-07-01T04:00:00.000Z'))).toBe(540); // 09:00
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

  it('writes a multirange literal in week order', () => {
    expect(availableMinutesLiteral([w('tue', '09:00', '10:00'), w('mon', '18:00', '22:00')])).toBe(
      '{[1080,1320),[1980,2040)}',
    );
  });

  it('accepts separate windows, touching windows and windows ending at 24:00', () => {
    expect(
      availabilityProblems([
        w('mon', '09:00', '13:00'),
        w('mon', '13:00', '17:00'),
        w('tue', '09:00', '13:00'),
        w('sun', '20:00', '24:00'),
      ]),
    ).toEqual([]);
    expect(availabilityProblems([])).toEqual([]);
  });

  it('names a window that ends at or before it starts', () => {
    expect(availabilityProblems([w('mon', '09:00', '09:00'), w('fri', '18:00', '08:00')])).toEqual([
      { field: 'availability.0', message: 'mon 09:00–09:00 must end after it starts' },
      { field: 'availability.1', message: 'fri 18:00–08:00 must end after it starts' },
    ]);
  });

  it('names a window that overlaps another of the same day, and not the same hours on another day', () => {
    expect(
      availabilityProblems([
        w('wed', '09:00', '12:00'),
        w('thu', '10:00', '11:00'),
        w('wed', '11:59', '14:00'),
      ]),
    ).toEqual([
      { field: 'availability.2', message: 'wed 11:59–14:00 overlaps availability.0 (wed 09:00–12:00)' },
    ]);
  });

  it('does not take a window that ends before it starts for an overlap of a later one', () => {
    expect(availabilityProblems([w('mon', '12:00', '09:00'), w('mon', '10:00', '11:00')], 'roles.0')).toEqual(
      [{ field: 'roles.0.0', message: 'mon 12:00–09:00 must end after it starts' }],
    );
  });
});
