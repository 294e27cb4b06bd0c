import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { DataSource, type EntityManager } from 'typeorm';
import {
  createEnvelope,
  encodeData,
  toKafkaHeaders,
  TOPICS,
  type AvailabilityWindowData,
  type PractitionerEventData,
  type PractitionerRoleData,
} from '@referral/contracts';
import { testInfrastructure, testKafka, waitUntil } from '@referral/testing';
import { Eligibility } from '../src/specialists/eligibility';
import { startReferrals, type TestReferrals } from './support/referrals';

type PractitionerEventType =
  | 'practitioner.registered'
  | 'practitioner.updated'
  | 'practitioner.role_added'
  | 'practitioner.role_updated';

/** Wednesday 2026-03-04 11:00 in Karachi (06:00 UTC). */
const NOW = new Date('2026-03-04T06:00:00.000Z');

describe('referrals: the specialist projection and eligibility (real PostgreSQL and Kafka)', () => {
  let referrals: TestReferrals;
  let dataSource: DataSource;
  let eligibility: Eligibility;
  let producer: Producer;
  let clock = Date.parse('2026-01-01T00:00:00.000Z');
  const hospital = randomUUID();

  /** Each snapshot a millisecond later than the one before, unless told. */
  const nextInstant = () => new Date((clock += 1000)).toISOString();

  const role = (overrides: Partial<PractitionerRoleData> = {}): PractitionerRoleData => ({
    roleId: randomUUID(),
    specialtyCode: 'dermatology',
    organizationId: hospital,
    maxOpenCases: 5,
    active: true,
    availability: [],
    ...overrides,
  });

  const snapshot = (overrides: Partial<PractitionerEventData> = {}): PractitionerEventData => ({
    practitionerId: randomUUID(),
    organizationId: hospital,
    languages: ['ur', 'en'],
    licenceValidUntil: '2027-12-31',
    licenceType: 'full',
    active: true,
    roles: [role()],
    occurredAt: nextInstant(),
    ...overrides,
  });

  /** Publishes a directory event as the directory does (keyed by practitioner) and waits until it was handled. */
  const publish = async (
    data: PractitionerEventData,
    type: PractitionerEventType = 'practitioner.updated',
  ) => {
    const envelope = createEnvelope({ type, subject: data.practitionerId, data, source: '/directory' });
    await producer.send({
      topic: TOPICS.directoryPractitioner,
      messages: [
        { key: data.practitionerId, value: encodeData(envelope), headers: toKafkaHeaders(envelope) },
      ],
    });
    await waitUntil(
      async () =>
        (await dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [envelope.id])).length > 0,
      `${type} ${envelope.id} to be handled`,
    );
    return data;
  };

  const register = (overrides: Partial<PractitionerEventData> = {}) =>
    publish(snapshot(overrides), 'practitioner.registered');

  /** A referral held by the practitioner, written directly (the workflow is not what is tested here). */
  const hold = async (
    practitionerId: string | null,
    status: string,
    manager: EntityManager = dataSource.manager,
  ) => {
    const id = randomUUID();
    await manager.query(
      `INSERT INTO referral (id, status, stage, priority, specialty_code, question, case_file_id,
                             referring_organization_id, holder_practitioner_id, claim_due_at, answer_due_at)
       VALUES ($1, $2, 'claimed', 'routine', 'dermatology', 'Rash?', $3, $4, $5, now(), now())`,
      [id, status, randomUUID(), randomUUID(), practitionerId],
    );
    return id;
  };

  const check = (
    practitionerId: string,
    language?: string | null,
    specialtyCode = 'dermatology',
    now = NOW,
  ) => eligibility.check(practitionerId, { specialtyCode, language, now });

  /** The eligible specialists among `mine` (the topic keeps other runs' practitioners too). */
  const eligibleAmong = async (
    mine: string[],
    query: { language?: string; availableAt?: Date; now?: Date } = {},
    specialtyCode = 'dermatology',
  ) =>
    (await eligibility.eligibleSpecialists(specialtyCode, { now: NOW, ...query })).filter((id) =>
      mine.includes(id),
    );

  beforeAll(async () => {
    referrals = await startReferrals();
    dataSource = referrals.dataSource;
    eligibility = referrals.service.app.get(Eligibility);
    producer = testKafka((await testInfrastructure()).kafkaBrokers).producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await referrals?.close();
  });

  it('projects a practitioner snapshot with all its roles', async () => {
    const availability: AvailabilityWindowData[] = [
      { day: 'mon', start: '18:00', end: '22:00' },
      { day: 'sun', start: '20:00', end: '24:00' },
    ] as AvailabilityWindowData[];
    const dermatology = role({ maxOpenCases: 10, availability });
    const cardiology = role({ specialtyCode: 'cardiology', active: false });
    const data = await register({ languages: ['ur', 'pa'], roles: [dermatology, cardiology] });

    expect(
      await dataSource.query(
        `SELECT organization_id, languages, to_char(licence_valid_until, 'YYYY-MM-DD') AS licence,
                licence_type, active, last_event_at
           FROM specialist WHERE practitioner_id = $1`,
        [data.practitionerId],
      ),
    ).toEqual([
      {
        organization_id: hospital,
        languages: ['ur', 'pa'],
        licence: '2027-12-31',
        licence_type: 'full',
        active: true,
        last_event_at: new Date(data.occurredAt),
      },
    ]);
    expect(
      await dataSource.query(
        `SELECT role_id, specialty_code, organization_id, max_open_cases, active, availability,
                available_minutes::text
           FROM specialist_role WHERE practitioner_id = $1 ORDER BY specialty_code`,
        [data.practitionerId],
      ),
    ).toEqual([
      {
        role_id: cardiology.roleId,
        specialty_code: 'cardiology',
        organization_id: hospital,
        max_open_cases: 5,
        active: false,
        availability: [],
        available_minutes: null,
      },
      {
        role_id: dermatology.roleId,
        specialty_code: 'dermatology',
        organization_id: hospital,
        max_open_cases: 10,
        active: true,
        availability,
        available_minutes: '{[1080,1320),[9840,10080)}',
      },
    ]);
  });

  it('finds a known, active, licensed specialist with a role in the specialty eligible', async () => {
    const { practitionerId } = await register();
    expect(await check(practitionerId)).toEqual({
      eligible: true,
      atCapacity: false,
      openCases: 0,
      maxOpenCases: 5,
      organizationIds: [hospital],
    });
    expect(await eligibleAmong([practitionerId])).toEqual([practitionerId]);
  });

  it('refuses a practitioner it does not know (also a malformed id) without an error', async () => {
    const refused = {
      eligible: false,
      reason: 'unknown',
      atCapacity: true,
      openCases: 0,
      maxOpenCases: 0,
      organizationIds: [],
    };
    expect(await check(randomUUID())).toEqual(refused);
    expect(await check('not-a-uuid')).toEqual(refused);
  });

  it('refuses an inactive practitioner', async () => {
    const { practitionerId } = await register({ active: false });
    expect(await check(practitionerId)).toMatchObject({ eligible: false, reason: 'inactive' });
    expect(await eligibleAmong([practitionerId])).toEqual([]);
  });

  it('refuses an expired licence from the first minute of the next Karachi day', async () => {
    const { practitionerId } = await register({ licenceValidUntil: '2026-03-04' });
    // Wednesday 23:59 in Karachi: still valid.
    const lastMinute = new Date('2026-03-04T18:59:00.000Z');
    // 19:30 UTC is still Wednesday in UTC, but Thursday 00:30 in Karachi: expired.
    const nextDay = new Date('2026-03-04T19:30:00.000Z');
    expect(await check(practitionerId, null, 'dermatology', lastMinute)).toMatchObject({ eligible: true });
    expect(await check(practitionerId, null, 'dermatology', nextDay)).toMatchObject({
      eligible: false,
      reason: 'licence-expired',
    });
    expect(await eligibleAmong([practitionerId], { now: lastMinute })).toEqual([practitionerId]);
    expect(await eligibleAmong([practitionerId], { now: nextDay })).toEqual([]);
  });

  it('refuses a practitioner without an active role in the specialty (none, another specialty, inactive)', async () => {
    const none = await register({ roles: [] });
    const cardiologist = await register({ roles: [role({ specialtyCode: 'cardiology' })] });
    const inactiveRole = await register({ roles: [role({ active: false })] });
    for (const { practitionerId } of [none, cardiologist, inactiveRole]) {
      expect(await check(practitionerId)).toEqual({
        eligible: false,
        reason: 'no-role',
        atCapacity: true,
        openCases: 0,
        maxOpenCases: 0,
        organizationIds: [],
      });
    }
    expect(await check(cardiologist.practitionerId, null, 'cardiology')).toMatchObject({ eligible: true });
    const mine = [none, cardiologist, inactiveRole].map((p) => p.practitionerId);
    expect(await eligibleAmong(mine)).toEqual([]);
    expect(await eligibleAmong(mine, {}, 'cardiology')).toEqual([cardiologist.practitionerId]);
  });

  it("requires the referring clinic's language only when one is given", async () => {
    const { practitionerId } = await register({ languages: ['ur', 'sd'] });
    expect(await check(practitionerId, 'sd')).toMatchObject({ eligible: true });
    expect(await check(practitionerId, null)).toMatchObject({ eligible: true });
    expect(await check(practitionerId)).toMatchObject({ eligible: true });
    expect(await check(practitionerId, 'ps')).toMatchObject({ eligible: false, reason: 'language' });
    expect(await eligibleAmong([practitionerId], { language: 'sd' })).toEqual([practitionerId]);
    expect(await eligibleAmong([practitionerId], { language: 'ps' })).toEqual([]);
  });

  it('names the first failed rule: inactive before licence, licence before role, role before language', async () => {
    const everything = await register({ active: false, licenceValidUntil: '2020-01-01', roles: [] });
    expect(await check(everything.practitionerId, 'ps')).toMatchObject({ reason: 'inactive' });
    const expired = await register({ licenceValidUntil: '2020-01-01', roles: [] });
    expect(await check(expired.practitionerId, 'ps')).toMatchObject({ reason: 'licence-expired' });
    const roleless = await register({ roles: [] });
    expect(await check(roleless.practitionerId, 'ps')).toMatchObject({ reason: 'no-role' });
  });

  it('counts open held cases against the largest capacity of the active roles in the specialty', async () => {
    const otherHospital = randomUUID();
    const { practitionerId } = await register({
      roles: [
        role({ maxOpenCases: 1 }),
        role({ maxOpenCases: 3, organizationId: otherHospital }),
        role({ maxOpenCases: 50, active: false, organizationId: randomUUID() }),
        role({ maxOpenCases: 40, specialtyCode: 'cardiology' }),
      ],
    });
    const capacity = async () => {
      const { atCapacity, openCases, maxOpenCases } = await check(practitionerId);
      return { atCapacity, openCases, maxOpenCases };
    };
    expect((await check(practitionerId)).organizationIds).toEqual([hospital, otherHospital].sort());
    expect(await capacity()).toEqual({ atCapacity: false, openCases: 0, maxOpenCases: 3 });

    // Neither the referrals they no longer or do not yet work on, nor other holders' count.
    for (const status of ['requested', 'completed', 'cancelled', 'rejected'])
      await hold(practitionerId, status);
    await hold(randomUUID(), 'in-progress');
    await hold(null, 'requested');
    expect(await capacity()).toEqual({ atCapacity: false, openCases: 0, maxOpenCases: 3 });

    await hold(practitionerId, 'received');
    await hold(practitionerId, 'in-progress');
    expect(await capacity()).toEqual({ atCapacity: false, openCases: 2, maxOpenCases: 3 });
    expect(await eligibleAmong([practitionerId])).toEqual([practitionerId]);

    await hold(practitionerId, 'on-hold');
    expect(await capacity()).toEqual({ atCapacity: true, openCases: 3, maxOpenCases: 3 });
    // At capacity is still eligible (the caller decides); the list of who could take a case leaves them out.
    expect(await check(practitionerId)).toMatchObject({ eligible: true });
    expect(await eligibleAmong([practitionerId])).toEqual([]);
    // Cardiology has room (40) for the same three cases.
    expect(await eligibleAmong([practitionerId], {}, 'cardiology')).toEqual([practitionerId]);
  });

  it('runs inside the caller’s transaction: uncommitted held cases count there and only there', async () => {
    const { practitionerId } = await register({ roles: [role({ maxOpenCases: 1 })] });
    await dataSource.transaction(async (manager) => {
      await hold(practitionerId, 'received', manager);
      expect(
        await eligibility.check(practitionerId, { specialtyCode: 'dermatology', now: NOW }, manager),
      ).toMatchObject({ openCases: 1, atCapacity: true });
      expect(
        (await eligibility.eligibleSpecialists('dermatology', { now: NOW }, manager)).includes(
          practitionerId,
        ),
      ).toBe(false);
      expect(await check(practitionerId)).toMatchObject({ openCases: 0, atCapacity: false });
    });
  });

  it('serialises two claims by one specialist: lockForClaim, then check, counts one after the other', async () => {
    const { practitionerId } = await register({ roles: [role({ maxOpenCases: 1 })] });
    const pool = [await hold(null, 'requested'), await hold(null, 'requested')];
    const claim = (referralId: string) =>
      dataSource.transaction(async (manager) => {
        expect(await eligibility.lockForClaim(practitionerId, manager)).toBe(true);
        const result = await eligibility.check(
          practitionerId,
          { specialtyCode: 'dermatology', now: NOW },
          manager,
        );
        if (!result.eligible || result.atCapacity) return false;
        await manager.query('SELECT pg_sleep(0.3)'); // the other claim is waiting on the lock by now
        await manager.query(
          `UPDATE referral SET holder_practitioner_id = $1, status = 'received' WHERE id = $2`,
          [practitionerId, referralId],
        );
        return true;
      });
    const outcomes = await Promise.all(pool.map(claim));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await check(practitionerId)).toMatchObject({ openCases: 1, atCapacity: true });
    await dataSource.transaction(async (manager) =>
      expect(await eligibility.lockForClaim(randomUUID(), manager)).toBe(false),
    );
  });

  it('keeps to availability windows in Karachi time, `end` 24:00 and the Sunday/Monday boundary included', async () => {
    const evenings = await register({
      roles: [
        role({
          availability: [
            { day: 'wed', start: '09:00', end: '12:00' },
            { day: 'sun', start: '20:00', end: '24:00' },
          ] as AvailabilityWindowData[],
        }),
      ],
    });
    const mondayEarly = await register({
      roles: [
        role({ availability: [{ day: 'mon', start: '00:00', end: '01:00' }] as AvailabilityWindowData[] }),
      ],
    });
    const always = await register({ roles: [role({ availability: [] })] });
    // An inactive role's "always" does not make a restricted specialist available.
    const inactiveAlways = await register({
      roles: [
        role({ availability: [{ day: 'sat', start: '09:00', end: '10:00' }] as AvailabilityWindowData[] }),
        role({ active: false, organizationId: randomUUID() }),
      ],
    });
    const mine = [evenings, mondayEarly, always, inactiveAlways].map((p) => p.practitionerId);
    const at = async (iso: string) => eligibleAmong(mine, { availableAt: new Date(iso) });
    const sorted = (...ids: string[]) => ids.sort();

    expect(await eligibleAmong(mine)).toEqual(sorted(...mine));
    // Wednesday 09:00 and 11:59 in Karachi (04:00 and 06:59 UTC): inside; 12:00: the end is excluded.
    expect(await at('2026-03-04T04:00:00.000Z')).toEqual(
      sorted(evenings.practitionerId, always.practitionerId),
    );
    expect(await at('2026-03-04T06:59:00.000Z')).toEqual(
      sorted(evenings.practitionerId, always.practitionerId),
    );
    expect(await at('2026-03-04T07:00:00.000Z')).toEqual([always.practitionerId]);
    // Sunday 23:59 in Karachi (18:59 UTC): inside sun 20:00–24:00.
    expect(await at('2026-03-08T18:59:00.000Z')).toEqual(
      sorted(evenings.practitionerId, always.practitionerId),
    );
    // Sunday 19:00 UTC is Monday 00:00 in Karachi: the Monday window, not Sunday's.
    expect(await at('2026-03-08T19:00:00.000Z')).toEqual(
      sorted(mondayEarly.practitionerId, always.practitionerId),
    );
    // Monday 01:00 in Karachi: the Monday window has ended.
    expect(await at('2026-03-08T20:00:00.000Z')).toEqual([always.practitionerId]);
    // Saturday 09:30 in Karachi.
    expect(await at('2026-03-07T04:30:00.000Z')).toEqual(
      sorted(always.practitionerId, inactiveAlways.practitionerId),
    );
  });

  it('ignores a snapshot older than the one it holds, and applies the later ones', async () => {
    const first = await register({ languages: ['ur'] });
    const latest = await publish({
      ...first,
      languages: ['ur', 'ps'],
      roles: [{ ...first.roles[0], maxOpenCases: 7 }],
      occurredAt: nextInstant(),
    });
    const late = nextInstant();
    // A snapshot taken before `latest` that arrives after it (a replay, a DLQ redrive).
    await publish({
      ...first,
      active: false,
      languages: ['en'],
      roles: [],
      occurredAt: new Date(Date.parse(latest.occurredAt) - 500).toISOString(),
    });
    expect(await check(first.practitionerId, 'ps')).toMatchObject({ eligible: true, maxOpenCases: 7 });
    expect(
      await dataSource.query(`SELECT last_event_at FROM specialist WHERE practitioner_id = $1`, [
        first.practitionerId,
      ]),
    ).toEqual([{ last_event_at: new Date(latest.occurredAt) }]);

    await publish({ ...latest, active: false, occurredAt: late }, 'practitioner.updated');
    expect(await check(first.practitionerId)).toMatchObject({ eligible: false, reason: 'inactive' });
  });

  it('removes a role that a later snapshot no longer lists, and keeps the others', async () => {
    const dermatology = role();
    const cardiology = role({ specialtyCode: 'cardiology' });
    const data = await register({ roles: [dermatology] });
    await publish(
      { ...data, roles: [dermatology, cardiology], occurredAt: nextInstant() },
      'practitioner.role_added',
    );
    expect(await check(data.practitionerId, null, 'cardiology')).toMatchObject({ eligible: true });

    await publish(
      { ...data, roles: [{ ...cardiology, maxOpenCases: 2 }], occurredAt: nextInstant() },
      'practitioner.role_updated',
    );
    expect(await check(data.practitionerId)).toMatchObject({ eligible: false, reason: 'no-role' });
    expect(await check(data.practitionerId, null, 'cardiology')).toMatchObject({
      eligible: true,
      maxOpenCases: 2,
    });
    expect(
      await dataSource.query(`SELECT role_id FROM specialist_role WHERE practitioner_id = $1`, [
        data.practitionerId,
      ]),
    ).toEqual([{ role_id: cardiology.roleId }]);
    expect(await eligibleAmong([data.practitionerId])).toEqual([]);
  });

  it('gives the pool’s organizations: those of active roles of active specialists in the specialty', async () => {
    const specialty = 'nephrology';
    const [a, b, inactiveRoleOrg, inactivePractitionerOrg, otherSpecialtyOrg] = [1, 2, 3, 4, 5].map(() =>
      randomUUID(),
    );
    await register({ roles: [role({ specialtyCode: specialty, organizationId: a })] });
    await register({
      roles: [
        role({ specialtyCode: specialty, organizationId: a }),
        role({ specialtyCode: specialty, organizationId: b }),
        role({ specialtyCode: specialty, organizationId: inactiveRoleOrg, active: false }),
        role({ specialtyCode: 'neurology', organizationId: otherSpecialtyOrg }),
      ],
    });
    await register({
      active: false,
      roles: [role({ specialtyCode: specialty, organizationId: inactivePractitionerOrg })],
    });
    const mine: string[] = [a, b, inactiveRoleOrg, inactivePractitionerOrg, otherSpecialtyOrg];
    const pool = (await eligibility.poolOrganizations(specialty)).filter((id) => mine.includes(id));
    expect(pool).toEqual([a, b].sort());
  });

  it('knows the 17 specialty codes of the contract', () => {
    expect(eligibility.specialtiesKnown()).toHaveLength(17);
    expect(eligibility.isKnownSpecialty('gynaecology-obstetrics')).toBe(true);
    expect(eligibility.isKnownSpecialty('astrology')).toBe(false);
  });
});
