import { ALL_TOPICS, dataschemaOf, dlqTopicOf, TOPICS } from './topics';

describe('topics', () => {
  it('lists every topic once, each with its version in the name', () => {
    expect(new Set(ALL_TOPICS)).toEqual(new Set(Object.values(TOPICS)));
    expect(ALL_TOPICS).toHaveLength(new Set(ALL_TOPICS).size);
    for (const topic of ALL_TOPICS) expect(topic).toMatch(/^[a-z-]+\.[a-z-]+\.v\d+$/);
  });

  it('names the dead-letter topic and the data schema after the topic', () => {
    expect(dlqTopicOf(TOPICS.referral)).toBe('referrals.referral.v1.dlq');
    expect(dataschemaOf(TOPICS.referral)).toBe('urn:schemas:referrals.referral.v1');
  });
});
