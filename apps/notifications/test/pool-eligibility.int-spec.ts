import { randomUUID } from 'node:crypto';
import { TOPICS, type EventType, type ReferralEventData, type ReferralStatus } from '@referral/contracts';
import { poolScenario, type PoolScenario } from '@referral/testing';
import type { IssuedTestService } from '@referral/testing-service';
import { EventFeed, startNotifications } from './support/notifications';

/**
 * The notifications half of the comparison with the referrals service
 * (apps/referrals/test/pool-eligibility.int-spec.ts): the same directory events and held referrals
 * (`poolScenario` of libs/testing), the same answer to "who may take this referral now" — here, who is
 * told about a pool referral. Held referrals reach this service as referral events.
 */
/** The event that brings a claimed referral to a status (`received`: the claim itself). */
const NEXT_EVENT: Partial<Record<ReferralStatus, EventType>> = {
  'in-progress': 'referral.accepted',
  'on-hold': 'referral.clarification_requested',
  completed: 'referral.closed',
  rejected: 'referral.declined',
};

describe('notifications: the pool a referral is offered to, as the referrals service lets claim it (real PostgreSQL and Kafka)', () => {
  let notifications: IssuedTestService;
  let feed: EventFeed;
  let scenario: PoolScenario;
  const now = new Date();
  let clock = now.getTime();

  /** The scenario's practitioners with an inbox entry about the referral, by name. */
  const toldAbout = async (referralId: string) => {
    const rows: { practitionerId: string }[] = await notifications.dataSource.query(
      `SELECT recipient_practitioner_id::text AS "practitionerId" FROM notification WHERE referral_id = $1`,
      [referralId],
    );
    const ids = rows.map((row) => row.practitionerId);
    return scenario.practitioners
      .filter((practitioner) => ids.includes(practitioner.snapshot.practitionerId))
      .map((practitioner) => practitioner.name)
      .sort();
  };

  /** A referral needing the scenario's specialty and language, from the pool; nobody holds it. */
  const poolReferral = (): Partial<ReferralEventData> => ({
    referralId: randomUUID(),
    specialtyCode: scenario.specialtyCode,
    requiredLanguage: scenario.requiredLanguage,
    targetPractitionerId: null,
    holderPractitionerId: null,
    actor: undefined,
  });

  beforeAll(async () => {
    notifications = await startNotifications();
    feed = new EventFeed(() => notifications.dataSource);
    scenario = poolScenario(now, () => new Date((clock += 1)).toISOString());
    for (const { snapshot, holds } of scenario.practitioners) {
      await feed.publish(
        TOPICS.directoryPractitioner,
        '/directory',
        'practitioner.registered',
        snapshot.practitionerId,
        snapshot,
        true,
      );
      // Each held referral as the referrals service announces it: claimed, then where it is now.
      for (const status of holds) {
        const held = { referralId: randomUUID(), holderPractitionerId: snapshot.practitionerId };
        await feed.referral('referral.claimed', { ...held, occurredAt: new Date(clock++).toISOString() });
        const next = NEXT_EVENT[status];
        if (next) {
          await feed.referral(next, {
            ...held,
            status,
            occurredAt: new Date(clock++).toISOString(),
          });
        }
      }
    }
  });

  afterAll(async () => {
    await feed?.stop();
    await notifications?.close();
  });

  it('tells the pool of a new referral: eligible, in the language, under capacity, available now', async () => {
    const { data } = await feed.referral('referral.submitted', poolReferral());
    expect(await toldAbout(data.referralId)).toEqual([...scenario.pool].sort());
  });

  it('counts a referral by its latest event: a claim arriving after the close does not reopen it', async () => {
    const organizationId = randomUUID();
    const specialist = await feed.practitioner({
      organizationId,
      languages: ['sd'],
      roles: [
        {
          roleId: randomUUID(),
          specialtyCode: scenario.specialtyCode,
          organizationId,
          maxOpenCases: 1,
          active: true,
          availability: [],
        },
      ],
    });
    const held = { referralId: randomUUID(), holderPractitionerId: specialist.practitionerId };
    await feed.referral('referral.closed', { ...held, occurredAt: new Date(clock + 1000).toISOString() });
    await feed.referral('referral.claimed', { ...held, occurredAt: new Date(clock).toISOString() });

    const { data } = await feed.referral('referral.submitted', poolReferral());
    const [entry] = await notifications.dataSource.query(
      `SELECT 1 FROM notification WHERE referral_id = $1 AND recipient_practitioner_id = $2`,
      [data.referralId, specialist.practitionerId],
    );
    expect(entry).toBeDefined();
  });

  it('tells the widened pool of an escalated referral: outside their windows too, and no one else', async () => {
    const { data } = await feed.referral('referral.escalated', poolReferral());
    expect(await toldAbout(data.referralId)).toEqual([...scenario.widenedPool].sort());
  });
});
