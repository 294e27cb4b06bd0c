import { getEventDefinition, REFERRAL_EVENTS, type ReferralEventData } from '@referral/contracts';
import { audiencesOf, RULES } from './notification-rules';

const REFERRER = '11111111-1111-4111-8111-111111111111';
const HOLDER = '22222222-2222-4222-8222-222222222222';
const TARGET = '33333333-3333-4333-8333-333333333333';
const PREVIOUS = '44444444-4444-4444-8444-444444444444';
const CLINIC = '55555555-5555-4555-8555-555555555555';

const event = (overrides: Partial<ReferralEventData> = {}): ReferralEventData => ({
  ...(getEventDefinition('referral.submitted').sample as ReferralEventData),
  referringOrganizationId: CLINIC,
  referringPractitionerId: REFERRER,
  holderPractitionerId: null,
  targetPractitionerId: null,
  specialtyCode: 'dermatology',
  ...overrides,
});

const practitioner = (practitionerId: string, as: string) => ({ to: 'practitioner', practitionerId, as });

describe('notification rules: who hears about what', () => {
  it('has a rule for every referral event people act on, and none for claim_overdue (escalated says it)', () => {
    const types = REFERRAL_EVENTS.map((definition) => definition.type);
    expect(types.filter((type) => !RULES[type])).toEqual(['referral.claim_overdue']);
  });

  it.each<[string, Partial<ReferralEventData>, unknown[]]>([
    ['referral.submitted', {}, [{ to: 'pool', specialtyCode: 'dermatology', widened: false }]],
    ['referral.submitted', { targetPractitionerId: TARGET }, [practitioner(TARGET, 'target')]],
    ['referral.claimed', { holderPractitionerId: HOLDER }, [practitioner(REFERRER, 'referrer')]],
    [
      'referral.claimed',
      { referringPractitionerId: undefined },
      [{ to: 'referring-organization', organizationId: CLINIC }],
    ],
    ['referral.accepted', { holderPractitionerId: HOLDER }, [practitioner(REFERRER, 'referrer')]],
    [
      'referral.released',
      { previousHolderPractitionerId: HOLDER },
      [{ to: 'pool', specialtyCode: 'dermatology', widened: false }, practitioner(HOLDER, 'previous-holder')],
    ],
    ['referral.declined', { holderPractitionerId: HOLDER }, [practitioner(REFERRER, 'referrer')]],
    ['referral.assigned', { targetPractitionerId: TARGET }, [practitioner(TARGET, 'target')]],
    [
      'referral.redirected',
      { targetPractitionerId: TARGET, previousHolderPractitionerId: PREVIOUS },
      [practitioner(TARGET, 'target'), practitioner(PREVIOUS, 'previous-holder')],
    ],
    [
      'referral.clarification_requested',
      { holderPractitionerId: HOLDER },
      [practitioner(REFERRER, 'referrer')],
    ],
    ['referral.clarification_provided', { holderPractitionerId: HOLDER }, [practitioner(HOLDER, 'holder')]],
    ['referral.consult_provided', { holderPractitionerId: HOLDER }, [practitioner(REFERRER, 'referrer')]],
    ['referral.converted', { holderPractitionerId: HOLDER }, [practitioner(REFERRER, 'referrer')]],
    ['referral.closed', { holderPractitionerId: HOLDER }, [practitioner(HOLDER, 'holder')]],
    ['referral.cancelled', {}, []],
    [
      'referral.cancelled',
      { holderPractitionerId: HOLDER, targetPractitionerId: HOLDER },
      [practitioner(HOLDER, 'holder')],
    ],
    [
      'referral.escalated',
      {},
      [
        { to: 'coordinators', specialtyCode: 'dermatology' },
        { to: 'pool', specialtyCode: 'dermatology', widened: true },
      ],
    ],
    [
      'referral.answer_overdue',
      { previousHolderPractitionerId: PREVIOUS },
      [
        practitioner(PREVIOUS, 'previous-holder'),
        { to: 'coordinators', specialtyCode: 'dermatology' },
        { to: 'pool', specialtyCode: 'dermatology', widened: true },
      ],
    ],
    ['referral.claim_overdue', {}, []],
    ['referral.unknown_future_type', { holderPractitionerId: HOLDER }, []],
  ])('%s %p → %p', (type, overrides, expected) => {
    expect(audiencesOf(type, event(overrides))).toEqual(expected);
  });
});
