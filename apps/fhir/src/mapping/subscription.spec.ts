import type { Subscription } from '@medplum/fhirtypes';
import { REFERRAL_EVENTS } from '@referral/contracts';
import {
  EVENT_STATUS,
  criteriaEventTypes,
  criteriaOf,
  readSubscription,
  toSubscription,
  type SubscriptionEndpoint,
} from './subscription';

const subscription = (changes: Partial<Subscription> = {}): Subscription => ({
  resourceType: 'Subscription',
  status: 'requested',
  reason: 'Shifa HIS: our referrals',
  criteria: 'Task?status=completed,rejected',
  channel: {
    type: 'rest-hook',
    endpoint: 'https://his.shifa-hospital.example.pk/fhir-notify',
    header: ['Authorization: Bearer synthetic-token-1'],
  },
  ...changes,
});

const endpoint = (changes: Partial<SubscriptionEndpoint> = {}): SubscriptionEndpoint => ({
  id: '1f8c3e6a-4d9b-4b72-85a1-3c7e9d2b6f48',
  organizationId: 'a91e2c37-4b5d-4f68-8e13-27c9d0b6e5a4',
  url: 'https://his.shifa-hospital.example.pk/fhir-notify',
  eventTypes: ['referral.declined', 'referral.closed', 'referral.converted'],
  description: 'Shifa HIS: our referrals',
  enabled: true,
  disabledReason: null,
  previousSecretExpiresAt: null,
  createdAt: '2026-12-04T08:00:00.000Z',
  updatedAt: '2026-12-04T08:00:00.000Z',
  payload: 'none',
  headerNames: ['Authorization'],
  ...changes,
});

describe('EVENT_STATUS', () => {
  it('names, for every referral event, the status its contract sample leaves the referral in', () => {
    expect(Object.keys(EVENT_STATUS).sort()).toEqual(REFERRAL_EVENTS.map((e) => e.type).sort());
    for (const event of REFERRAL_EVENTS)
      expect([event.type, EVENT_STATUS[event.type]]).toEqual([event.type, event.sample.status]);
  });
});

describe('criteriaEventTypes', () => {
  it('subscribes Task to every referral event, and Task?status= to the events into those statuses', () => {
    expect(criteriaEventTypes('Task')).toEqual(['referral.*']);
    expect(criteriaEventTypes('Task?status=on-hold')).toEqual(['referral.clarification_requested']);
    expect(criteriaEventTypes('Task?status=completed,rejected')).toEqual([
      'referral.declined',
      'referral.closed',
      'referral.converted',
    ]);
  });

  it.each([
    ['ServiceRequest', 'criteria must be Task'],
    ['Task?owner=Practitioner/x', 'no other search parameter'],
    ['Task?status=done', 'not a Task status: done'],
    ['Task?status=accepted', 'no referral is ever put in status accepted'],
  ])('refuses %s', (criteria, detail) => {
    expect(criteriaEventTypes(criteria)).toEqual(expect.stringContaining(detail));
  });
});

describe('readSubscription', () => {
  it('reads a rest-hook on Task criteria as an enabled endpoint without payload, with its headers', () => {
    expect(readSubscription(subscription())).toEqual({
      kind: 'endpoint',
      enabled: true,
      request: {
        url: 'https://his.shifa-hospital.example.pk/fhir-notify',
        eventTypes: ['referral.declined', 'referral.closed', 'referral.converted'],
        description: 'Shifa HIS: our referrals',
        payload: 'none',
        headers: [{ name: 'Authorization', value: 'Bearer synthetic-token-1' }],
      },
    });
    expect(readSubscription(subscription({ status: 'off' }))).toMatchObject({ enabled: false });
  });

  it.each<[string, Partial<Subscription>, string]>([
    ['a websocket channel', { channel: { type: 'websocket' } }, 'rest-hook'],
    ['no endpoint', { channel: { type: 'rest-hook' } }, 'channel.endpoint'],
    [
      'a payload',
      { channel: { type: 'rest-hook', endpoint: 'https://x.example.pk', payload: 'application/fhir+json' } },
      'empty POST',
    ],
    ['an end', { end: '2027-01-01T00:00:00Z' }, 'end is not supported'],
    ['status error', { status: 'error' }, 'status error'],
    ['criteria we cannot serve', { criteria: 'Patient' }, 'criteria must be Task'],
    [
      'a header that breaks the line',
      { channel: { type: 'rest-hook', endpoint: 'https://x.example.pk', header: ['X-A: 1\r\nX-B: 2'] } },
      'Name: value',
    ],
    [
      'a header without a name',
      { channel: { type: 'rest-hook', endpoint: 'https://x.example.pk', header: ['just a value'] } },
      'Name: value',
    ],
  ])('refuses %s with a 422 that says why', (_, changes, detail) => {
    expect(readSubscription(subscription(changes))).toEqual({
      kind: 'refused',
      status: 422,
      detail: expect.stringContaining(detail),
    });
  });
});

describe('criteriaOf', () => {
  it('gives back the criteria the event types came from', () => {
    for (const criteria of ['Task', 'Task?status=requested', 'Task?status=in-progress,completed']) {
      const eventTypes = criteriaEventTypes(criteria);
      expect(Array.isArray(eventTypes) && criteriaOf(eventTypes)).toBe(criteria);
    }
    expect(criteriaOf(['*'])).toBe('Task');
  });

  it('gives none for event types that are not all the events into some statuses', () => {
    expect(criteriaOf(['referral.claimed', 'referral.closed'])).toBeNull();
    expect(criteriaOf(['referral.claimed'])).toBe('Task?status=received');
    expect(criteriaOf(['referral.submitted'])).toBeNull();
  });
});

describe('toSubscription', () => {
  it('shows an enabled endpoint as an active rest-hook with its criteria and reason, never its header values', () => {
    expect(toSubscription(endpoint())).toEqual({
      resourceType: 'Subscription',
      id: '1f8c3e6a-4d9b-4b72-85a1-3c7e9d2b6f48',
      meta: { lastUpdated: '2026-12-04T08:00:00.000Z' },
      status: 'active',
      reason: 'Shifa HIS: our referrals',
      criteria: 'Task?status=rejected,completed',
      channel: {
        type: 'rest-hook',
        endpoint: 'https://his.shifa-hospital.example.pk/fhir-notify',
      },
    });
  });

  it('is off when switched off, and error when the receiver answered 410', () => {
    expect(toSubscription(endpoint({ enabled: false, disabledReason: 'manual' }))).toMatchObject({
      status: 'off',
    });
    const gone = toSubscription(endpoint({ enabled: false, disabledReason: 'gone' }));
    expect(gone).toMatchObject({ status: 'error', error: expect.stringContaining('410') });
  });

  it('is no Subscription for an endpoint that delivers our events, or whose event types are no criteria', () => {
    expect(toSubscription(endpoint({ payload: 'event' }))).toBeNull();
    expect(toSubscription(endpoint({ eventTypes: ['referral.submitted'] }))).toBeNull();
  });

  it('round-trips: the Subscription a client wrote reads back the same', () => {
    const read = readSubscription(subscription({ criteria: 'Task?status=rejected,completed' }));
    if (read.kind !== 'endpoint') throw new Error(read.detail);
    const back = toSubscription(endpoint({ ...read.request }));
    expect(back).toMatchObject({
      criteria: 'Task?status=rejected,completed',
      reason: subscription().reason,
      channel: { type: 'rest-hook', endpoint: subscription().channel?.endpoint },
    });
    // Header values are secrets: written, never read back.
    expect(back?.channel.header).toBeUndefined();
  });
});
