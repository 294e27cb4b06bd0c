// Nest's decorators read and write their metadata through the Reflect metadata API.
import 'reflect-metadata';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { getEventDefinition, REFERRAL_EVENTS, type ReferralEventData } from '@referral/contracts';
import { grantChangeOf, nextGrant, type AccessGrant } from './grant-rule';
import { ReferralEventsConsumer } from './referral-events.consumer';

const specialist = '7a1c1f2e-6d55-4b0e-9a51-3c1e5d9b2f01';
const other = '0b9e6f3a-2c44-4d1b-8f7e-5a6d4c3b2a10';
const sample = (type: string, change: Partial<ReferralEventData> = {}): ReferralEventData => ({
  ...(getEventDefinition(type).sample as ReferralEventData),
  ...change,
});
const at = (iso: string) => new Date(iso);

describe('grantChangeOf: what a referral event means for its holder', () => {
  it.each([
    ['referral.claimed', 'received'],
    ['referral.accepted', 'in-progress'],
    ['referral.clarification_requested', 'on-hold'],
    ['referral.clarification_provided', 'in-progress'],
    ['referral.consult_provided', 'in-progress'],
  ])('%s (%s, held): the holder reads, with no end', (type, status) => {
    const data = sample(type, { holderPractitionerId: specialist });
    expect(data.status).toBe(status);
    expect(grantChangeOf(data, 30)).toEqual({ kind: 'hold', practitionerId: specialist, expiresAt: null });
  });

  // An answer deadline missed sends the referral back to the pool: the holder it had reads no more.
  it.each([
    'referral.submitted',
    'referral.released',
    'referral.redirected',
    'referral.escalated',
    'referral.answer_overdue',
  ])('%s without a holder: revoked', (type) => {
    expect(sample(type).holderPractitionerId ?? null).toBeNull();
    expect(grantChangeOf(sample(type), 30)).toEqual({ kind: 'revoke' });
  });

  it('a holder left out of the event counts as none', () => {
    const { holderPractitionerId: _, ...data } = sample('referral.claimed');
    expect(grantChangeOf(data as ReferralEventData, 30)).toEqual({ kind: 'revoke' });
  });

  it('a redirect or assignment to a named specialist who holds it: that specialist reads', () => {
    const data = sample('referral.redirected', { holderPractitionerId: other, stage: 'assigned' });
    expect(grantChangeOf(data, 30)).toEqual({ kind: 'hold', practitionerId: other, expiresAt: null });
  });

  it('a target who does not hold the referral yet reads nothing (assigned, not claimed)', () => {
    expect(grantChangeOf(sample('referral.assigned'), 30)).toEqual({ kind: 'revoke' });
  });

  it.each(['referral.closed', 'referral.converted'])(
    '%s: the holder keeps reading for the configured days after the close',
    (type) => {
      const data = sample(type, { occurredAt: '2025-03-04T10:00:00.000Z' });
      expect(grantChangeOf(data, 30)).toEqual({
        kind: 'hold',
        practitionerId: data.holderPractitionerId,
        expiresAt: at('2025-04-03T10:00:00.000Z'),
      });
      expect(grantChangeOf(data, 1)).toMatchObject({ expiresAt: at('2025-03-05T10:00:00.000Z') });
      expect(grantChangeOf(data, 0)).toEqual({ kind: 'revoke' });
    },
  );

  it.each([
    ['referral.declined', 'rejected'],
    ['referral.cancelled', 'cancelled'],
    ['referral.answer_overdue', 'failed'],
    ['referral.claimed', 'entered-in-error'],
  ] as const)('%s as %s: revoked, even with a holder', (type, status) => {
    expect(grantChangeOf(sample(type, { status, holderPractitionerId: specialist }), 30)).toEqual({
      kind: 'revoke',
    });
  });
});

describe('nextGrant: the grant row after an event', () => {
  const referralId = '3f2b8c4d-1e6a-4b7f-9c0d-2a5e8f1b3c47';
  const caseFileId = '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
  const event = (type: string, occurredAt: string, change: Partial<ReferralEventData> = {}) =>
    sample(type, { referralId, caseFileId, occurredAt, ...change });
  const claimedAt = '2025-03-03T11:00:00.000Z';
  const held: AccessGrant = {
    referralId,
    caseFileId,
    practitionerId: specialist,
    grantedAt: at(claimedAt),
    revokedAt: null,
    expiresAt: null,
    lastEventAt: at(claimedAt),
  };

  it('a first event without a holder records the referral, granting nothing', () => {
    expect(nextGrant(null, event('referral.submitted', '2025-03-03T09:00:00.000Z'), 30)).toEqual({
      referralId,
      caseFileId,
      practitionerId: null,
      grantedAt: null,
      revokedAt: null,
      expiresAt: null,
      lastEventAt: at('2025-03-03T09:00:00.000Z'),
    });
  });

  it('a claim grants from its time; later events of the same holder keep that time', () => {
    const claimed = nextGrant(
      null,
      event('referral.claimed', claimedAt, { holderPractitionerId: specialist }),
      30,
    );
    expect(claimed).toEqual(held);
    const accepted = nextGrant(
      claimed,
      event('referral.accepted', '2025-03-03T11:05:00.000Z', { holderPractitionerId: specialist }),
      30,
    );
    expect(accepted).toEqual({ ...held, lastEventAt: at('2025-03-03T11:05:00.000Z') });
  });

  it('a release revokes, keeping who held it and when they lost it', () => {
    const released = nextGrant(held, event('referral.released', '2025-03-03T12:00:00.000Z'), 30);
    expect(released).toEqual({
      ...held,
      revokedAt: at('2025-03-03T12:00:00.000Z'),
      lastEventAt: at('2025-03-03T12:00:00.000Z'),
    });
    // Told again (escalated after the release): still since the first time.
    const escalated = nextGrant(released, event('referral.escalated', '2025-03-03T13:00:00.000Z'), 30);
    expect(escalated).toMatchObject({ revokedAt: at('2025-03-03T12:00:00.000Z') });
  });

  it('another holder replaces the first (redirect), granted from the event', () => {
    const redirected = nextGrant(
      held,
      event('referral.redirected', '2025-03-03T12:00:00.000Z', { holderPractitionerId: other }),
      30,
    );
    expect(redirected).toEqual({
      ...held,
      practitionerId: other,
      grantedAt: at('2025-03-03T12:00:00.000Z'),
      lastEventAt: at('2025-03-03T12:00:00.000Z'),
    });
  });

  it('the same specialist claiming again after a release is granted anew', () => {
    const released = { ...held, revokedAt: at('2025-03-03T12:00:00.000Z') };
    const again = nextGrant(
      released,
      event('referral.claimed', '2025-03-03T14:00:00.000Z', { holderPractitionerId: specialist }),
      30,
    );
    expect(again).toMatchObject({ revokedAt: null, grantedAt: at('2025-03-03T14:00:00.000Z') });
  });

  it('a close sets the end of follow-up access', () => {
    const closed = nextGrant(
      held,
      event('referral.closed', '2025-03-04T10:00:00.000Z', { holderPractitionerId: specialist }),
      7,
    );
    expect(closed).toEqual({
      ...held,
      expiresAt: at('2025-03-11T10:00:00.000Z'),
      lastEventAt: at('2025-03-04T10:00:00.000Z'),
    });
  });

  it('ignores an event older than the last one applied, and applies one as old', () => {
    const released = {
      ...held,
      revokedAt: at('2025-03-03T12:00:00.000Z'),
      lastEventAt: at('2025-03-03T12:00:00.000Z'),
    };
    const lateClaim = event('referral.claimed', claimedAt, { holderPractitionerId: specialist });
    expect(nextGrant(released, lateClaim, 30)).toBeNull();
    expect(nextGrant(held, lateClaim, 30)).toEqual(held);
  });
});

describe('ReferralEventsConsumer', () => {
  it('handles every referral event type of the contracts', () => {
    const prototype = ReferralEventsConsumer.prototype as unknown as Record<string, unknown>;
    const handled = Object.getOwnPropertyNames(prototype).flatMap(
      (name) => (Reflect.getMetadata(PATTERN_METADATA, prototype[name] as object) as string[]) ?? [],
    );
    expect(handled.sort()).toEqual(REFERRAL_EVENTS.map((definition) => definition.type).sort());
  });
});
