import { minutesOf, notBefore } from './quiet-hours';

/** An instant given as Karachi wall-clock time (UTC+05:00). */
const karachi = (local: string) => new Date(`${local}+05:00`);
const night = { start: '22:00', end: '07:00' };
const afternoon = { start: '13:00', end: '15:30' };

describe('quiet hours (Asia/Karachi)', () => {
  it.each([
    ['2026-03-04T21:59:00', night, '2026-03-04T21:59:00'],
    ['2026-03-04T22:00:00', night, '2026-03-05T07:00:00'],
    ['2026-03-04T23:45:30', night, '2026-03-05T07:00:00'],
    ['2026-03-05T00:00:00', night, '2026-03-05T07:00:00'],
    ['2026-03-05T06:59:59', night, '2026-03-05T07:00:00'],
    ['2026-03-05T07:00:00', night, '2026-03-05T07:00:00'],
    ['2026-03-04T12:59:00', afternoon, '2026-03-04T12:59:00'],
    ['2026-03-04T13:00:00', afternoon, '2026-03-04T15:30:00'],
    ['2026-03-04T15:29:00', afternoon, '2026-03-04T15:30:00'],
    ['2026-03-04T15:30:00', afternoon, '2026-03-04T15:30:00'],
  ])('a message at %s with quiet hours %p waits until %s', (at, quiet, expected) => {
    expect(notBefore(karachi(at), quiet).toISOString()).toBe(karachi(expected).toISOString());
  });

  it('lets everything through without quiet hours, with equal bounds, or with malformed ones', () => {
    const at = karachi('2026-03-04T23:00:00');
    expect(notBefore(at, null)).toEqual(at);
    expect(notBefore(at, { start: '22:00', end: '22:00' })).toEqual(at);
    expect(notBefore(at, { start: '25:00', end: '07:00' })).toEqual(at);
  });

  it('reads HH:MM strictly', () => {
    expect(minutesOf('00:00')).toBe(0);
    expect(minutesOf('23:59')).toBe(1439);
    for (const bad of ['24:00', '7:00', '07:60', '0700', '']) expect(minutesOf(bad)).toBeNull();
  });
});
