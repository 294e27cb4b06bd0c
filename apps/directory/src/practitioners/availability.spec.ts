import {
  availabilityProblems,
  availableMinutesLiteral,
  karachiDate,
  karachiMinuteOfWeek,
  weekMinutes,
} from './availability';

describe('availability windows', () => {
  it('converts windows to minutes of the week, Monday 00:00 = 0, Sunday 24:00 = 10080', () => {
    expect(weekMinutes({ day: 'mon', start: '00:00', end: '00:30' })).toEqual([0, 30]);
    expect(weekMinutes({ day: 'tue', start: '09:15', end: '13:00' })).toEqual([1440 + 555, 1440 + 780]);
    expect(weekMinutes({ day: 'sun', start: '20:00', end: '24:00' })).toEqual([6 * 1440 + 1200, 10080]);
  });

  it('gives the minute of the week and the date in Asia/Karachi (UTC+5, no DST)', () => {
    // Sunday 2026-11-29 19:30 UTC is Monday 00:30 in Karachi.
    expect(karachiMinuteOfWeek(new Date('2026-11-29T19:30:00.000Z'))).toBe(30);
    expect(karachiDate(new Date('2026-11-29T19:30:00.000Z'))).toBe('2026-11-30');
    // Sunday 2026-11-29 18:59 UTC is Sunday 23:59 in Karachi: the last minute of the week.
    expect(karachiMinuteOfWeek(new Date('2026-11-29T18:59:00.000Z'))).toBe(10079);
    expect(karachiDate(new Date('2026-11-29T18:59:00.000Z'))).toBe('2026-11-29');
    // Wednesday 2026-07-01 04:00 UTC (summer, still +5) is Wednesday 09:00.
    expect(karachiMinuteOfWeek(new Date('2026-07-01T04:00:00.000Z'))).toBe(2 * 1440 + 540);
  });

  it('accepts separate windows, touching windows and windows ending at 24:00', () => {
    expect(
      availabilityProblems([
        { day: 'mon', start: '09:00', end: '13:00' },
        { day: 'mon', start: '13:00', end: '17:00' },
        { day: 'tue', start: '09:00', end: '13:00' },
        { day: 'sun', start: '20:00', end: '24:00' },
      ]),
    ).toEqual([]);
    expect(availabilityProblems([])).toEqual([]);
  });

  it('names a window that ends at or before it starts', () => {
    expect(
      availabilityProblems([
        { day: 'mon', start: '09:00', end: '09:00' },
        { day: 'fri', start: '18:00', end: '08:00' },
      ]),
    ).toEqual([
      { field: 'availability.0', message: 'mon 09:00–09:00 must end after it starts' },
      { field: 'availability.1', message: 'fri 18:00–08:00 must end after it starts' },
    ]);
  });

  it('names a window that overlaps another of the same day, and not the same hours on another day', () => {
    expect(
      availabilityProblems([
        { day: 'wed', start: '09:00', end: '12:00' },
        { day: 'thu', start: '10:00', end: '11:00' },
        { day: 'wed', start: '11:59', end: '14:00' },
      ]),
    ).toEqual([
      { field: 'availability.2', message: 'wed 11:59–14:00 overlaps availability.0 (wed 09:00–12:00)' },
    ]);
  });

  it('writes a multirange literal in week order, null for always available', () => {
    expect(
      availableMinutesLiteral([
        { day: 'tue', start: '09:00', end: '10:00' },
        { day: 'mon', start: '18:00', end: '22:00' },
      ]),
    ).toBe('{[1080,1320),[1980,2040)}');
    expect(availableMinutesLiteral([])).toBeNull();
  });
});
