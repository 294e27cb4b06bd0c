import { ageOn, karachiDate } from './clock';

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

  it('takes today in Asia/Karachi', () => {
    expect(karachiDate(new Date('2025-03-03T18:59:59.000Z'))).toBe('2025-03-03');
    expect(karachiDate(new Date('2025-03-03T19:00:00.000Z'))).toBe('2025-03-04');
  });
});
