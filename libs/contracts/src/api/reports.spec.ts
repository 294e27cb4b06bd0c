import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ReferralReportQuery, reportInstant } from './reports';

describe('reportInstant', () => {
  it('reads a date as its midnight in Pakistan (UTC+05:00)', () => {
    expect(reportInstant('2026-03-01')?.toISOString()).toBe('2026-02-28T19:00:00.000Z');
  });

  it('reads RFC 3339 date-times with Z or an offset', () => {
    expect(reportInstant('2026-03-01T10:00:00Z')?.toISOString()).toBe('2026-03-01T10:00:00.000Z');
    expect(reportInstant('2026-03-01T10:00:00.250+05:00')?.toISOString()).toBe('2026-03-01T05:00:00.250Z');
    expect(reportInstant('2026-03-01T01:00-04:30')?.toISOString()).toBe('2026-03-01T05:30:00.000Z');
  });

  it.each([
    '2026-02-30',
    '2026-13-01',
    '2026-02-30T10:00:00Z',
    '2026-03-01T10:00:00',
    '01/03/2026',
    '',
    42,
    null,
  ])('refuses %p', (value) => {
    expect(reportInstant(value)).toBeNull();
  });
});

describe('ReferralReportQuery', () => {
  const fields = (query: Record<string, unknown>) =>
    validateSync(plainToInstance(ReferralReportQuery, query), { whitelist: true, forbidNonWhitelisted: true })
      .map((error) => error.property)
      .sort();

  it('takes a period of at most 366 days, a specialty code and a district', () => {
    expect(
      fields({ from: '2026-01-01', to: '2027-01-02', specialty: 'dermatology', district: ' Chakwal ' }),
    ).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['no period', {}, ['from', 'to']],
    ['to before from', { from: '2026-03-01', to: '2026-02-01' }, ['to']],
    ['to equal to from', { from: '2026-03-01', to: '2026-03-01T00:00:00+05:00' }, ['to']],
    ['a period over 366 days', { from: '2026-01-01', to: '2027-01-03' }, ['to']],
    ['a date that does not exist', { from: '2026-02-30', to: '2026-03-02' }, ['from']],
    ['an unknown specialty', { from: '2026-01-01', to: '2026-02-01', specialty: 'astrology' }, ['specialty']],
    ['an empty district', { from: '2026-01-01', to: '2026-02-01', district: '  ' }, ['district']],
  ])('refuses %s', (_, query, refused) => {
    expect(fields(query)).toEqual(refused);
  });
});
