import { matchesEventType } from './event-type-match';

describe('webhook event type subscriptions', () => {
  it.each<[string[], string, boolean]>([
    [['referral.claimed'], 'referral.claimed', true],
    [['referral.claimed'], 'referral.claim_overdue', false],
    [['referral.claimed'], 'referral.claimed_again', false],
    [['referral.*'], 'referral.consult_provided', true],
    [['referral.*'], 'case_file.created', false],
    [['referral.*'], 'referral', false],
    [['*'], 'referral.escalated', true],
    [['*'], 'case_file.created', true],
    [['referral.closed', 'referral.cancelled'], 'referral.cancelled', true],
    [['referral.closed', 'referral.cancelled'], 'referral.submitted', false],
    [[], 'referral.submitted', false],
    [['referral'], 'referral.submitted', false],
    [['.*'], 'referral.submitted', false],
  ])('%j receives %s: %s', (subscriptions, type, expected) => {
    expect(matchesEventType(subscriptions, type)).toBe(expected);
  });
});
