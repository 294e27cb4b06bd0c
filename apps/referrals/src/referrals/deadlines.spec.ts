import { answerDeadline, deadlinesFor, resumedAnswerDeadline } from './deadlines';

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

describe('answer deadlines', () => {
  const at = new Date('2026-11-26T10:00:00.000Z');

  it('start at the claim, by priority and by the configured table', () => {
    expect(answerDeadline('urgent', at)).toEqual(new Date('2026-11-27T10:00:00.000Z'));
    const table = { routine: { claimHours: 1, answerHours: 2 }, urgent: { claimHours: 1, answerHours: 1 } };
    expect(answerDeadline('routine', at, table)).toEqual(new Date('2026-11-26T12:00:00.000Z'));
  });

  it('move by the time spent waiting for a clarification', () => {
    const due = new Date('2026-11-27T10:00:00.000Z');
    const paused = new Date('2026-11-26T12:00:00.000Z');
    const resumed = new Date('2026-11-26T15:30:00.000Z');
    expect(resumedAnswerDeadline(due, paused, resumed)).toEqual(new Date('2026-11-27T13:30:00.000Z'));
    expect(resumedAnswerDeadline(due, resumed, paused)).toEqual(due);
  });
});
