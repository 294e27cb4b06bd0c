import { deadlinesFor } from './deadlines';

describe('deadlinesFor', () => {
  const submitted = new Date('2026-11-26T10:00:00.000Z');

  it('gives a routine referral 24 h to be claimed and 7 days to be answered', () => {
    expect(deadlinesFor('routine', submitted)).toEqual({
      claimDueAt: new Date('2026-11-27T10:00:00.000Z'),
      answerDueAt: new Date('2026-12-03T10:00:00.000Z'),
    });
  });

  it('gives an urgent referral 4 h to be claimed and 24 h to be answered', () => {
    expect(deadlinesFor('urgent', submitted)).toEqual({
      claimDueAt: new Date('2026-11-26T14:00:00.000Z'),
      answerDueAt: new Date('2026-11-27T10:00:00.000Z'),
    });
  });
});
