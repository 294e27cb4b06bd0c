import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import {
  createEnvelope,
  encodeData,
  toKafkaHeaders,
  TOPICS,
  type EventEnvelope,
  type OrganizationEventData,
  type PractitionerEventData,
  type ReferralEventData,
  type ReferralEventType,
  type ReferralReport,
} from '@referral/contracts';
import { metricsRegistry } from '@referral/platform-observability';
import { testInfrastructure, testKafka, waitUntil } from '@referral/testing';
import { startReferrals, type TestReferrals } from './support/referrals';

/**
 * The closed-loop report from a KNOWN set of referral histories: the events are produced to the real
 * topics with chosen instants (in a month of its own, far in the future: the shared broker keeps what
 * other suites and earlier runs published, and a new consumer group reads it all), the
 * `reports` consumer group keeps its projection, and every figure of `GET /v1/reports/referrals` is
 * checked against the values worked out by hand below.
 */
describe('referrals: the closed-loop report (real PostgreSQL and Kafka)', () => {
  let referrals: TestReferrals;
  let producer: Producer;
  const group = () => `referrals-${referrals.service.database.name}.reports`;
  const produced: string[] = [];

  // Places (WGS 84): Chakwal, Islamabad, Lahore. Great-circle distances (haversine, R = 6371.0088 km),
  // worked by hand:
  //   Chakwal → Islamabad: Δφ = 0.7516° = 0.013118 rad, Δλ = 0.1849° = 0.003227 rad;
  //     h = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2) = 4.3020e-5 + 0.83929 × 0.83216 × 2.6034e-6 = 4.4838e-5;
  //     d = 2R asin(√h) = 2 × 6371.0088 × 0.0066962 = 85.32 km.
  //   Chakwal → Lahore: Δφ = −1.4124° = −0.024651 rad, Δλ = 1.4957° = 0.026105 rad;
  //     h = 1.51916e-4 + 0.83929 × 0.85245 × 1.70360e-4 = 2.73800e-4; d = 2R × 0.0165477 = 210.85 km.
  const CHAKWAL = { latitude: 32.9328, longitude: 72.863 };
  const ISLAMABAD = { latitude: 33.6844, longitude: 73.0479 };
  const LAHORE = { latitude: 31.5204, longitude: 74.3587 };

  const clinicChakwal = randomUUID(); // district Chakwal, located
  const clinicAttock = randomUUID(); // district Attock, no coordinates
  const hospitalIslamabad = randomUUID(); // dermatology
  const hospitalLahore = randomUUID(); // dermatology and cardiology
  const hospitalClosed = randomUUID(); // located next door to the Chakwal clinic, dermatology, inactive
  const quietClinic = randomUUID(); // coordinates nobody's referral uses

  const DAY = 24 * 3600_000;
  /** Midnight in Pakistan that starts this run's period: a random one of 2000 slots 200 days apart. */
  const START = Date.parse('2040-01-01T00:00:00+05:00') + Math.floor(Math.random() * 2000) * 200 * DAY;
  /** `YYYY-MM-DD` in Pakistan. */
  const pkDate = (ms: number) => new Date(ms + 5 * 3600_000).toISOString().slice(0, 10);
  const PERIOD = `from=${pkDate(START)}&to=${pkDate(START + 31 * DAY)}`;
  /** Day 10 of the period, 09:00 in Pakistan: each history starts a day after the one before. */
  const T0 = START + 9 * DAY + 9 * 3600_000;
  const MIN = 60_000;

  const STATES: Record<string, [ReferralEventData['status'], ReferralEventData['stage']]> = {
    'referral.submitted': ['requested', 'pool'],
    'referral.claimed': ['received', 'claimed'],
    'referral.accepted': ['in-progress', 'answering'],
    'referral.clarification_requested': ['on-hold', 'clarification-requested'],
    'referral.clarification_provided': ['in-progress', 'answering'],
    'referral.consult_provided': ['in-progress', 'consult-provided'],
    'referral.closed': ['completed', 'closed'],
    'referral.converted': ['completed', 'converted'],
    'referral.declined': ['rejected', 'declined'],
    'referral.cancelled': ['cancelled', 'cancelled'],
  };

  type Step = [ReferralEventType, number, Partial<ReferralEventData>?];

  /** One referral's events: submitted at `start`, then each step `minutes` after the submission. */
  function history(
    start: number,
    organization: string,
    specialtyCode: string,
    steps: Step[],
    answerWithinMinutes = 7 * 24 * 60,
  ): EventEnvelope<ReferralEventData>[] {
    const referralId = randomUUID();
    return ([['referral.submitted', 0], ...steps] as Step[]).map(([type, minutes, changes]) => {
      const [status, stage] = STATES[type];
      return createEnvelope<ReferralEventData>({
        type,
        subject: referralId,
        source: '/referrals',
        data: {
          referralId,
          status,
          stage,
          priority: 'routine',
          specialtyCode,
          caseFileId: randomUUID(),
          referringOrganizationId: organization,
          claimDueAt: new Date(start + 24 * 60 * MIN).toISOString(),
          answerDueAt: new Date(start + answerWithinMinutes * MIN).toISOString(),
          occurredAt: new Date(start + minutes * MIN).toISOString(),
          ...changes,
        },
      });
    });
  }

  async function produce(topic: string, envelopes: EventEnvelope[]): Promise<void> {
    await producer.send({
      topic,
      messages: envelopes.map((envelope) => ({
        key: envelope.subject,
        value: encodeData(envelope),
        headers: toKafkaHeaders(envelope),
      })),
    });
    produced.push(...envelopes.map((envelope) => envelope.id));
  }

  /** Until the reports group has every event produced so far in its inbox. */
  const consumed = () =>
    waitUntil(async () => {
      const [{ n }] = await referrals.dataSource.query(
        `SELECT count(*)::int AS n FROM inbox WHERE consumer = $1 AND event_id = ANY($2::uuid[])`,
        [group(), produced],
      );
      return n === produced.length;
    }, 'the report projection has every event');

  const organization = (organizationId: string, district: string, place?: typeof CHAKWAL, active = true) =>
    createEnvelope<OrganizationEventData>({
      type: 'organization.created',
      subject: organizationId,
      source: '/directory',
      data: {
        organizationId,
        kind: 'hospital',
        district,
        province: 'punjab',
        active,
        ...place,
        occurredAt: '2031-01-01T00:00:00.000Z',
      },
    });

  const practitioner = (organizationId: string, specialties: string[]) => {
    const practitionerId = randomUUID();
    return createEnvelope<PractitionerEventData>({
      type: 'practitioner.registered',
      subject: practitionerId,
      source: '/directory',
      data: {
        practitionerId,
        organizationId,
        languages: ['ur', 'en'],
        licenceValidUntil: '2099-12-31',
        licenceType: 'full',
        active: true,
        roles: specialties.map((specialtyCode) => ({
          roleId: randomUUID(),
          specialtyCode,
          organizationId,
          maxOpenCases: 5,
          active: true,
          availability: [],
        })),
        occurredAt: '2031-01-01T00:00:00.000Z',
      },
    });
  };

  const day = (n: number) => T0 + n * 24 * 60 * MIN;
  let duplicateClaim: EventEnvelope;

  beforeAll(async () => {
    referrals = await startReferrals({}, { reports: true });
    const infra = await testInfrastructure();
    producer = testKafka(infra.kafkaBrokers).producer();
    await producer.connect();

    await produce(TOPICS.directoryOrganization, [
      organization(clinicChakwal, 'Chakwal', CHAKWAL),
      organization(clinicAttock, 'Attock'),
      organization(hospitalIslamabad, 'Islamabad', ISLAMABAD),
      organization(hospitalLahore, 'Lahore', LAHORE),
      organization(hospitalClosed, 'Chakwal', CHAKWAL, false),
      organization(quietClinic, 'Jhelum', { latitude: 32.9405, longitude: 73.7276 }),
    ]);
    const practitioners = [
      practitioner(hospitalIslamabad, ['dermatology']),
      practitioner(hospitalLahore, ['dermatology', 'cardiology']),
      practitioner(hospitalClosed, ['dermatology']),
    ];
    await produce(TOPICS.directoryPractitioner, practitioners);
    // The coordinators' scope reads the service's specialist projection (the main group).
    await waitUntil(async () => {
      const [{ n }] = await referrals.dataSource.query(
        `SELECT count(*)::int AS n FROM inbox WHERE consumer = $1 AND event_id = ANY($2::uuid[])`,
        [`referrals-${referrals.service.database.name}`, practitioners.map((p) => p.id)],
      );
      return n === practitioners.length;
    }, 'the specialist projection has the practitioners');

    // The histories (minutes after submission):
    const r1 = history(day(0), clinicChakwal, 'dermatology', [
      ['referral.claimed', 30],
      ['referral.consult_provided', 120, { recommendation: 'manage-locally' }],
      ['referral.closed', 200],
    ]);
    const r2 = history(day(1), clinicChakwal, 'dermatology', [
      ['referral.claimed', 90],
      ['referral.clarification_requested', 100],
      ['referral.clarification_provided', 200],
      ['referral.consult_provided', 300, { recommendation: 'manage-locally' }],
    ]);
    const r3 = history(day(2), clinicAttock, 'dermatology', [
      ['referral.claimed', 10],
      ['referral.consult_provided', 60, { recommendation: 'manage-locally' }],
    ]);
    // Answer deadline 480 minutes after submission: the advice at 600 is late.
    const r4 = history(
      day(3),
      clinicChakwal,
      'cardiology',
      [
        ['referral.claimed', 240],
        ['referral.consult_provided', 600, { recommendation: 'in-person-referral' }],
      ],
      480,
    );
    const r5 = history(day(4), clinicChakwal, 'cardiology', [
      ['referral.claimed', 60],
      ['referral.converted', 180],
    ]);
    const r6 = history(day(5), clinicChakwal, 'dermatology', [
      ['referral.claimed', 20],
      ['referral.declined', 25],
    ]);
    const r7 = history(day(6), clinicAttock, 'dermatology', [['referral.cancelled', 15]]);
    const r8 = history(day(7), clinicChakwal, 'dermatology', []);
    const r10 = history(day(8), clinicChakwal, 'cardiology', [
      ['referral.claimed', 45],
      ['referral.consult_provided', 90, { recommendation: 'manage-locally' }],
    ]);
    // Submitted 18 days before the period: outside it.
    const r9 = history(START - 18 * DAY, clinicChakwal, 'dermatology', [
      ['referral.claimed', 5],
      ['referral.consult_provided', 10, { recommendation: 'manage-locally' }],
    ]);
    await produce(TOPICS.referral, [...r1, ...r2, ...r3, ...r4, ...r5, ...r6, ...r7, ...r8, ...r9, ...r10]);
    duplicateClaim = r1[1];
    await consumed();
  }, 60_000);

  afterAll(async () => {
    await producer?.disconnect();
    await referrals?.close();
  });

  const report = async (query: string, roles = ['admin'], org = randomUUID()) => {
    const response = await fetch(`${referrals.service.url}/v1/reports/referrals?${query}`, {
      headers: { authorization: `Bearer ${referrals.issuer.token({ org, roles })}` },
    });
    return {
      status: response.status,
      body: (await response.json()) as ReferralReport & { errors?: { field: string }[] },
    };
  };

  it('checks every figure of the period against the histories', async () => {
    const { status, body } = await report(PERIOD);
    expect(status).toBe(200);
    expect(body).toEqual({
      from: new Date(START).toISOString(), // midnight in Pakistan: 19:00 UTC the day before
      to: new Date(START + 31 * DAY).toISOString(),
      specialty: null,
      district: null,
      scope: 'all',
      submitted: 9, // r1–r8 and r10; r9 was submitted before the period
      // Claims, minutes: r3 10, r6 20, r1 30, r10 45, r5 60, r2 90, r4 240 (7 claimed).
      // p50: rank ⌈0.5 × 7⌉ = 4 → 45 min = 2700 s; p90: rank ⌈0.9 × 7⌉ = 7 → 240 min = 14400 s.
      timeToClaim: { count: 7, p50Seconds: 2700, p90Seconds: 14_400 },
      // First answers, minutes: r3 60, r10 90, r1 120, r5 180 (conversion), r2 300, r4 600 (6 answered).
      // p50: rank ⌈0.5 × 6⌉ = 3 → 120 min = 7200 s; p90: rank ⌈0.9 × 6⌉ = 6 → 600 min = 36000 s.
      timeToFirstAnswer: { count: 6, p50Seconds: 7200, p90Seconds: 36_000 },
      // r4 answered at 600 with its deadline at 480; the other five within 7 days: 5/6 = 0.8333.
      answeredWithinDeadline: { answered: 6, withinDeadline: 5, share: 0.8333 },
      // r2 alone of the 7 claimed: 1/7 = 0.1429.
      clarification: { claimed: 7, withClarification: 1, rate: 0.1429 },
      // managed locally r1 r2 r3 r10; in person r4 (advice) r5 (converted); declined r6; cancelled r7; open r8.
      outcomes: { managedLocally: 4, inPerson: 2, declined: 1, cancelled: 1, open: 1 },
      trips: {
        tripsAvoided: 4,
        // r1, r2 (dermatology from Chakwal: Islamabad 85.32 km is nearer than Lahore; the closed
        // hospital next door does not count), r10 (cardiology from Chakwal: only Lahore, 210.85 km);
        // r3's clinic in Attock has no coordinates.
        estimated: 3,
        notEstimable: 1,
        kilometresSaved: 381.5, // 85.32 + 85.32 + 210.85 = 381.49
      },
      generatedAt: expect.any(String),
    });
  });

  it('measures the distance within 1 km of the hand computation', async () => {
    const dermatology = await report(`${PERIOD}&specialty=dermatology&district=Chakwal`);
    // r1 and r2 managed locally from Chakwal: 2 × 85.32 km.
    expect(dermatology.body.trips).toMatchObject({ tripsAvoided: 2, estimated: 2, notEstimable: 0 });
    expect(Math.abs(dermatology.body.trips.kilometresSaved / 2 - 85.32)).toBeLessThan(1);
    const cardiology = await report(`${PERIOD}&specialty=cardiology`);
    expect(Math.abs(cardiology.body.trips.kilometresSaved - 210.85)).toBeLessThan(1);
  });

  it('filters by specialty and by district (case-insensitive), and both', async () => {
    const cardiology = (await report(`${PERIOD}&specialty=cardiology`)).body;
    // r4, r5, r10: claims 45, 60, 240 → p50 60 min, p90 240 min; answers 90, 180, 600.
    expect(cardiology).toMatchObject({
      specialty: 'cardiology',
      submitted: 3,
      timeToClaim: { count: 3, p50Seconds: 3600, p90Seconds: 14_400 },
      timeToFirstAnswer: { count: 3, p50Seconds: 10_800, p90Seconds: 36_000 },
      answeredWithinDeadline: { answered: 3, withinDeadline: 2, share: 0.6667 },
      clarification: { claimed: 3, withClarification: 0, rate: 0 },
      outcomes: { managedLocally: 1, inPerson: 2, declined: 0, cancelled: 0, open: 0 },
      trips: { tripsAvoided: 1, estimated: 1, notEstimable: 0, kilometresSaved: 210.8 },
    });
    const attock = (await report(`${PERIOD}&district=%20attock%20`)).body;
    // r3 (managed locally, no coordinates) and r7 (cancelled).
    expect(attock).toMatchObject({
      district: 'attock',
      submitted: 2,
      timeToClaim: { count: 1, p50Seconds: 600, p90Seconds: 600 },
      outcomes: { managedLocally: 1, inPerson: 0, declined: 0, cancelled: 1, open: 0 },
      trips: { tripsAvoided: 1, estimated: 0, notEstimable: 1, kilometresSaved: 0 },
    });
    const both = (await report(`${PERIOD}&district=Chakwal&specialty=dermatology`)).body;
    // r1, r2, r6, r8.
    expect(both).toMatchObject({
      submitted: 4,
      outcomes: { managedLocally: 2, inPerson: 0, declined: 1, cancelled: 0, open: 1 },
    });
    // The period's end is excluded: r1 was submitted at exactly T0.
    const until = (ms: number) => `from=${pkDate(START)}&to=${new Date(ms).toISOString()}`;
    expect((await report(until(T0))).body.submitted).toBe(0);
    expect((await report(until(T0 + 1))).body.submitted).toBe(1);
  });

  it('keeps the projection in a consumer group of its own: the main group takes none of its events', async () => {
    const byConsumer = (await referrals.dataSource.query(
      `SELECT consumer, topic, count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])
        GROUP BY consumer, topic ORDER BY consumer, topic`,
      [produced],
    )) as Array<{ consumer: string; topic: string; n: number }>;
    const main = `referrals-${referrals.service.database.name}`;
    // The main group applies the practitioners to the specialist projection; referral and
    // organization events have no handler there and leave no inbox row.
    expect(byConsumer).toEqual([
      { consumer: main, topic: TOPICS.directoryPractitioner, n: 3 },
      { consumer: group(), topic: TOPICS.directoryOrganization, n: 6 },
      { consumer: group(), topic: TOPICS.directoryPractitioner, n: 3 },
      { consumer: group(), topic: TOPICS.referral, n: produced.length - 9 },
    ]);
  });

  it('answers zeros and nulls for a period without referrals', async () => {
    const { status, body } = await report(`from=${pkDate(START + 90 * DAY)}&to=${pkDate(START + 120 * DAY)}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      submitted: 0,
      timeToClaim: { count: 0, p50Seconds: null, p90Seconds: null },
      timeToFirstAnswer: { count: 0, p50Seconds: null, p90Seconds: null },
      answeredWithinDeadline: { answered: 0, withinDeadline: 0, share: null },
      clarification: { claimed: 0, withClarification: 0, rate: null },
      outcomes: { managedLocally: 0, inPerson: 0, declined: 0, cancelled: 0, open: 0 },
      trips: { tripsAvoided: 0, estimated: 0, notEstimable: 0, kilometresSaved: 0 },
    });
  });

  it('shows a coordinator the referrals their organization coordinates, as the referral list does', async () => {
    // The Islamabad hospital coordinates the dermatology pool (its specialist's role, in the
    // service's specialist projection): r1, r2, r3, r6, r7, r8 — not the cardiology ones.
    const islamabad = await report(PERIOD, ['coordinator'], hospitalIslamabad);
    expect(islamabad.status).toBe(200);
    expect(islamabad.body).toMatchObject({ scope: 'coordinated', submitted: 6 });
    const lahore = await report(PERIOD, ['coordinator'], hospitalLahore);
    expect(lahore.body).toMatchObject({ scope: 'coordinated', submitted: 9 });
    const stranger = await report(PERIOD, ['coordinator']);
    expect(stranger.body).toMatchObject({ scope: 'coordinated', submitted: 0 });
    for (const role of ['clinician', 'specialist', 'partner']) {
      expect((await report(PERIOD, [role], hospitalLahore)).status).toBe(403);
    }
  });

  it.each([
    ['no period', '', ['from', 'to']],
    ['to before from', 'from=2031-03-01&to=2031-02-01', ['to']],
    ['a period over 366 days', 'from=2031-01-01&to=2032-01-03', ['to']],
    ['a date that does not exist', 'from=2031-02-29&to=2031-03-01', ['from']],
    ['a specialty that is no code', `${PERIOD}&specialty=skin`, ['specialty']],
    ['a district over 100 characters', `${PERIOD}&district=${'x'.repeat(101)}`, ['district']],
  ])('refuses %s (422, naming the field)', async (_, query, fields) => {
    const { status, body } = await report(query);
    expect(status).toBe(422);
    expect([...new Set(body.errors?.map((e) => e.field))].sort()).toEqual(fields);
  });

  it('observes the histograms once per referral, not again for a redelivered event', async () => {
    /** Observations of a histogram, every label together. */
    const observations = async (name: string) => {
      const metric = await metricsRegistry.getSingleMetric(name)!.get();
      const values = metric.values as Array<{ metricName?: string; value: number }>;
      return values.filter((v) => v.metricName === `${name}_count`).reduce((sum, v) => sum + v.value, 0);
    };
    /** Referrals of the projection whose submission and `moment` it knows (this database: this run). */
    const known = async (moment: 'claimed_at' | 'first_answered_at') =>
      (
        await referrals.dataSource.query(
          `SELECT count(*)::int AS n FROM report_referral WHERE submitted_at IS NOT NULL AND ${moment} IS NOT NULL`,
        )
      )[0].n as number;
    // The group reads the whole topic (earlier runs' referrals too, maybe still coming): one
    // observation per referral is the projection's count, once it has caught up.
    const onePerReferral = () =>
      waitUntil(
        async () =>
          (await observations('referral_time_to_claim_seconds')) === (await known('claimed_at')) &&
          (await observations('referral_time_to_first_answer_seconds')) ===
            (await known('first_answered_at')),
        'one observation per referral',
      );
    await onePerReferral();
    // This run's: claims r1 r2 r3 r4 r5 r6 r9 r10, answers r1 r2 r3 r4 r5 r9 r10 (no period here).
    expect(await observations('referral_time_to_claim_seconds')).toBeGreaterThanOrEqual(8);
    expect(await observations('referral_time_to_first_answer_seconds')).toBeGreaterThanOrEqual(7);

    // r1's claim again, the same event (same id): the inbox skips it. Then, on the same partition
    // (same key), a submission far outside every period: once it is consumed, so is the duplicate.
    const marker = history(START + 150 * DAY, clinicChakwal, 'dermatology', [])[0];
    const send = async (envelope: EventEnvelope) =>
      producer.send({
        topic: TOPICS.referral,
        messages: [
          { key: duplicateClaim.subject, value: encodeData(envelope), headers: toKafkaHeaders(envelope) },
        ],
      });
    await send(duplicateClaim);
    await send(marker);
    produced.push(marker.id);
    await consumed();
    await onePerReferral();
  });
});
