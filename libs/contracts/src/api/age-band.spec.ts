import { AGE_BANDS, ageBandOf } from './age-band';

describe('age bands', () => {
  describe('from the age in years', () => {
    it.each([
      [0, '0-4'],
      [4, '0-4'],
      [5, '5-14'],
      [14, '5-14'],
      [15, '15-24'],
      [24, '15-24'],
      [25, '25-44'],
      [44, '25-44'],
      [45, '45-64'],
      [64, '45-64'],
      [65, '65+'],
      [120, '65+'],
    ])('%i years is %s', (age, band) => {
      expect(ageBandOf(null, age, '2025-06-15')).toBe(band);
    });
  });

  describe('from the birth date, on today', () => {
    // Each boundary the day before the birthday (still the lower band) and on it (the next band).
    it.each([
      ['2020-06-15', '2025-06-14', '0-4'],
      ['2020-06-15', '2025-06-15', '5-14'],
      ['2010-06-15', '2025-06-14', '5-14'],
      ['2010-06-15', '2025-06-15', '15-24'],
      ['2000-06-15', '2025-06-14', '15-24'],
      ['2000-06-15', '2025-06-15', '25-44'],
      ['1980-06-15', '2025-06-14', '25-44'],
      ['1980-06-15', '2025-06-15', '45-64'],
      ['1960-06-15', '2025-06-14', '45-64'],
      ['1960-06-15', '2025-06-15', '65+'],
    ])('born %s is in %s on %s', (birthDate, today, band) => {
      expect(ageBandOf(birthDate, null, today)).toBe(band);
    });

    it('counts the birthday from its day on: today moves the band, tomorrow not yet', () => {
      // 65 today.
      expect(ageBandOf('1960-03-04', null, '2025-03-04')).toBe('65+');
      // 65 tomorrow.
      expect(ageBandOf('1960-03-05', null, '2025-03-04')).toBe('45-64');
      // Across a month end and a year end.
      expect(ageBandOf('2000-02-01', null, '2025-01-31')).toBe('15-24');
      expect(ageBandOf('2000-01-01', null, '2024-12-31')).toBe('15-24');
      expect(ageBandOf('2000-01-01', null, '2025-01-01')).toBe('25-44');
    });

    it('counts a 29 February birthday on 1 March in a common year', () => {
      // Every boundary age is odd, so it falls in a common year for someone born on a leap day.
      expect(ageBandOf('2004-02-29', null, '2009-02-28')).toBe('0-4');
      expect(ageBandOf('2004-02-29', null, '2009-03-01')).toBe('5-14');
      expect(ageBandOf('1980-02-29', null, '2025-02-28')).toBe('25-44');
      expect(ageBandOf('1980-02-29', null, '2025-03-01')).toBe('45-64');
      expect(ageBandOf('1960-02-29', null, '2025-02-28')).toBe('45-64');
      expect(ageBandOf('1960-02-29', null, '2025-03-01')).toBe('65+');
    });

    it('puts a newborn born today in 0-4', () => {
      expect(ageBandOf('2025-06-15', null, '2025-06-15')).toBe('0-4');
    });
  });

  it('prefers the birth date to a recorded age (which does not grow older)', () => {
    expect(ageBandOf('1960-06-15', 30, '2025-06-15')).toBe('65+');
  });

  it('takes the recorded age when the birth date is malformed', () => {
    expect(ageBandOf('15/06/1990', 30, '2025-06-15')).toBe('25-44');
  });

  it.each([
    ['neither known', null, null],
    ['a birth date after today', '2025-06-16', null],
    ['a malformed birth date and no age', '15/06/1990', null],
    ['a negative age', null, -1],
    ['a fractional age', null, 4.5],
    ['an age that is not a number', null, Number.NaN],
  ])('is unknown for %s', (_, birthDate, ageYears) => {
    expect(ageBandOf(birthDate, ageYears, '2025-06-15')).toBe('unknown');
  });

  it('lists every band it gives', () => {
    expect(AGE_BANDS).toEqual(['0-4', '5-14', '15-24', '25-44', '45-64', '65+', 'unknown']);
  });
});
