import { UnknownEventTypeError } from './errors';
import { ReferralEventData } from './events/referral.events';
import { EVENT_REGISTRY, getEventDefinition, isKnownEventType, listEventTypes } from './registry';
import { ALL_TOPICS, TOPICS } from './topics';

// The published contract: removing or renaming a type is a breaking change (publish a .v2 instead).
const PUBLISHED_TYPES = [
  'organization.created',
  'organization.updated',
  'practitioner.registered',
  'practitioner.updated',
  'practitioner.role_added',
  'practitioner.role_updated',
  'case_file.created',
  'case_file.updated',
  'case_file.attachment_added',
  'referral.submitted',
  'referral.claimed',
  'referral.released',
  'referral.accepted',
  'referral.declined',
  'referral.assigned',
  'referral.redirected',
  'referral.clarification_requested',
  'referral.clarification_provided',
  'referral.consult_provided',
  'referral.closed',
  'referral.converted',
  'referral.cancelled',
  'referral.claim_overdue',
  'referral.answer_overdue',
  'referral.escalated',
  'notification.created',
  'notification.batch_created',
  'webhook.delivery_attempted',
  'webhook.delivered',
  'webhook.delivery_failed',
  'webhook.endpoint_disabled',
  'message.delivery_failed',
];

describe('event registry', () => {
  it('registers exactly the published types, each under its own name', () => {
    expect([...listEventTypes()].sort()).toEqual([...PUBLISHED_TYPES].sort());
    expect(Object.keys(EVENT_REGISTRY).sort()).toEqual([...PUBLISHED_TYPES].sort());
    for (const [type, definition] of Object.entries(EVENT_REGISTRY)) expect(definition.type).toBe(type);
  });

  it('names types <entity>.<event>, both parts snake_case', () => {
    for (const type of listEventTypes()) expect(type).toMatch(/^[a-z]+(_[a-z]+)*\.[a-z]+(_[a-z]+)*$/);
  });

  it('puts every type on a known topic and every topic carries at least one type', () => {
    for (const type of listEventTypes()) expect(ALL_TOPICS).toContain(getEventDefinition(type).topic);
    for (const topic of ALL_TOPICS) expect(listEventTypes(topic).length).toBeGreaterThan(0);
  });

  it('describes every type', () => {
    for (const type of listEventTypes())
      expect(getEventDefinition(type).description.length).toBeGreaterThan(10);
  });

  it('finds a definition by type and filters by topic', () => {
    expect(getEventDefinition('referral.claimed')).toMatchObject({
      topic: 'referrals.referral.v1',
      payload: ReferralEventData,
    });
    expect(listEventTypes(TOPICS.caseFile)).toEqual([
      'case_file.created',
      'case_file.updated',
      'case_file.attachment_added',
    ]);
  });

  it.each(['referral.unknown', 'referral', '', 'constructor', 'toString', '__proto__'])(
    'does not know %j',
    (type) => {
      expect(isKnownEventType(type)).toBe(false);
      expect(() => getEventDefinition(type)).toThrow(UnknownEventTypeError);
    },
  );
});
