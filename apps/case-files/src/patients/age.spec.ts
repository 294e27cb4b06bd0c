import { ageFromStated, ageOn, currentAge } from './age';

describe('ages', () => {
  it.each([
    ['1988-04-17', '2025-04-16', 36],
    ['1988-04-17', '2025-04-17', 37],
    ['2024-02-29', '2025-02-28', 0],
    ['2024-02-29', '2025-03-01', 1],
    ['2025-06-01', '2025-06-01', 0],
  ])('born %s is %s years old on %s', (birth, today, age) => {
    expect(ageOn(birth, today)).toBe(age);
  });

  it.each([
    [34, '2025-06-15', '2025-06-15', 34],
    [34, '2025-06-15', '2026-06-14', 34],
    [34, '2025-06-15', '2026-06-15', 35],
    [34, '2025-06-15', '2035-12-31', 44],
    [0, '2024-02-29', '2025-02-28', 0],
    [0, '2024-02-29', '2025-03-01', 1],
    // A clock behind the day stated: the age as stated, never younger.
    [34, '2025-06-15', '2024-01-01', 34],
  ])('an age of %s stated on %s is, on %s, %s', (age, statedOn, today, expected) => {
    expect(ageFromStated(age, statedOn, today)).toBe(expected);
  });

  it('takes the birth date when there is one, else the stated age grown since, else null', () => {
    const today = '2030-06-15';
    expect(currentAge({ birthDate: '1988-04-17', ageYears: null, ageStatedOn: null }, today)).toBe(42);
    expect(currentAge({ birthDate: null, ageYears: 34, ageStatedOn: '2025-06-16' }, today)).toBe(38);
    expect(currentAge({ birthDate: null, ageYears: 34, ageStatedOn: '2025-06-15' }, today)).toBe(39);
    expect(currentAge({ birthDate: null, ageYears: null, ageStatedOn: null }, today)).toBeNull();
  });
});
