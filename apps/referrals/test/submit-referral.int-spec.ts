import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TOPICS } from '@referral/contracts';
import { testInfrastructure, testKafka, TopicRecorder } from '@referral/testing';
import {
  describeAuthorizationMatrix,
  TestIssuer,
  type MatrixFixture,
  type MatrixRole,
  type TestService,
} from '@referral/testing-service';
import { DirectoryPublisher, startReferrals, type TestReferrals } from './support/referrals';

const READERS: MatrixRole[] = ['clinician', 'specialist', 'coordinator', 'partner', 'admin'];

describe('referrals: submitting a referral (real PostgreSQL and Kafka)', () => {
  let referrals: TestReferrals;
  let service: TestService;
  let dataSource: DataSource;
  let recorder: TopicRecorder;
  let issuer: TestIssuer;
  const clinic = randomUUID();
  const clinician = (org = clinic) => ({
    authorization: `Bearer ${issuer.token({ org, roles: ['clinician'] })}`,
  });

  let directory: DirectoryPublisher;
  const body = (overrides: Record<string, unknown> = {}, organization: string = clinic) => ({
    caseFileId: referrals.caseFiles.add(organization),
    specialtyCode: 'cardiology',
    priority: 'urgent',
    question: 'Exertional chest pain with ST depression in V4–V6: which workup before transfer?',
    allowConversion: true,
    ...overrides,
  });

  const post = (payload: unknown, organization = clinic) =>
    fetch(`${service.url}/v1/referrals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...clinician(organization) },
      body: JSON.stringify(payload),
    });

  const count = (table: string) => referrals.count(table);

  beforeAll(async () => {
    referrals = await startReferrals();
    ({ service, dataSource, issuer } = referrals);
    directory = new DirectoryPublisher(referrals);
    const infra = await testInfrastructure();
    recorder = await new TopicRecorder(testKafka(infra.kafkaBrokers), [TOPICS.referral]).start();
  });

  afterAll(async () => {
    await recorder?.stop();
    await directory?.stop();
    await referrals?.close();
  });

  it('stores the referral, its history and its event in one transaction, then publishes the event', async () => {
    const response = await post(body());
    expect(response.status).toBe(201);
    const referral = (await response.json()) as { id: string; claimDueAt: string; createdAt: string };
    expect(referral).toMatchObject({ status: 'requested', stage: 'pool', priority: 'urgent' });
    expect(Date.parse(referral.claimDueAt) - Date.parse(referral.createdAt)).toBeGreaterThan(3.9 * 3600_000);

    const history = await dataSource.query(
      `SELECT action, to_status, to_stage FROM referral_history WHERE referral_id = $1`,
      [referral.id],
    );
    expect(history).toEqual([{ action: 'submit', to_status: 'requested', to_stage: 'pool' }]);
    const [row] = await dataSource.query(`SELECT type, key, headers FROM outbox WHERE key = $1`, [
      referral.id,
    ]);
    expect(row).toMatchObject({ type: 'referral.submitted', key: referral.id });
    expect(row.headers).toMatchObject({
      ce_type: 'referral.submitted',
      ce_source: '/referrals',
      ce_subject: referral.id,
    });

    await recorder.waitFor((messages) => messages.some((m) => m.key === referral.id), 'the published event');
    const event = recorder.messages.find((m) => m.key === referral.id)!;
    expect(JSON.parse(event.value!)).toMatchObject({
      referralId: referral.id,
      stage: 'pool',
      referringOrganizationId: clinic,
    });
  });

  it('names the language the referral requires in its event, so that the pool is told by the same rule', async () => {
    const sindhi = (await (await post(body({ requiredLanguage: 'sd' }))).json()) as { id: string };
    const any = (await (await post(body())).json()) as { id: string };
    await recorder.waitFor(
      (messages) => [sindhi.id, any.id].every((id) => messages.some((m) => m.key === id)),
      'both events',
    );
    const dataOf = (id: string) => JSON.parse(recorder.messages.find((m) => m.key === id)!.value!);
    expect(dataOf(sindhi.id)).toMatchObject({ referralId: sindhi.id, requiredLanguage: 'sd' });
    expect(dataOf(any.id)).not.toHaveProperty('requiredLanguage');
  });

  it('routes to the named specialist when the clinic chose one', async () => {
    const target = (await directory.register()).practitionerId;
    const response = await post(body({ targetPractitionerId: target }));
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ stage: 'assigned', targetPractitionerId: target });
  });

  it('keeps what the queue may show of the patient, from case-files, and the patient id', async () => {
    const caseFileId = referrals.caseFiles.add(clinic, { patientSex: 'male', patientAgeBand: '65+' });
    const response = await post(body({ caseFileId }));
    expect(response.status).toBe(201);
    const referral = (await response.json()) as { id: string; patientId: string };
    expect(referral.patientId).toBe(referrals.caseFiles.caseFiles.get(caseFileId)!.patientId);
    const [row] = await dataSource.query(`SELECT patient_age_band, patient_sex FROM referral WHERE id = $1`, [
      referral.id,
    ]);
    expect(row).toEqual({ patient_age_band: '65+', patient_sex: 'male' });
  });

  it('refuses, writing nothing: another organization’s or an unknown case file (404), an unknown specialty (422), a target who may not take it (422)', async () => {
    const before = { referrals: await count('referral'), outbox: await count('outbox') };
    const theirs = await post(body({}, randomUUID()));
    expect(theirs.status).toBe(404);
    expect(((await theirs.json()) as { detail: string }).detail).toContain('Case file');
    expect((await post(body({ caseFileId: randomUUID() }))).status).toBe(404);

    const specialty = await post(body({ specialtyCode: 'astrology' }));
    expect(specialty.status).toBe(422);
    expect(((await specialty.json()) as { errors: { field: string }[] }).errors).toEqual([
      expect.objectContaining({ field: 'specialtyCode' }),
    ]);

    const dermatologist = (await directory.register({ role: { specialtyCode: 'dermatology' } }))
      .practitionerId;
    for (const target of [randomUUID(), dermatologist]) {
      const response = await post(body({ targetPractitionerId: target }));
      expect(response.status).toBe(422);
      expect(((await response.json()) as { errors: { field: string }[] }).errors[0].field).toBe(
        'targetPractitionerId',
      );
    }
    const monolingual = (await directory.register({ languages: ['en'] })).practitionerId;
    expect((await post(body({ targetPractitionerId: monolingual, requiredLanguage: 'sd' }))).status).toBe(
      422,
    );
    expect({ referrals: await count('referral'), outbox: await count('outbox') }).toEqual(before);
  });

  it('answers 503 and writes nothing while case-files fails', async () => {
    const before = await count('referral');
    referrals.caseFiles.failWith = 500;
    try {
      expect((await post(body())).status).toBe(503);
    } finally {
      referrals.caseFiles.failWith = undefined;
    }
    expect(await count('referral')).toBe(before);
  });

  it('rejects bad input with a problem listing the fields, and writes nothing', async () => {
    const before = { referrals: await count('referral'), outbox: await count('outbox') };
    const response = await post(body({ priority: 'whenever', caseFileId: 'abc', surprise: true }));
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as { type: string; errors: { field: string }[] };
    expect(problem.type).toBe('urn:problem-type:validation-failed');
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['caseFileId', 'priority', 'surprise']);
    expect({ referrals: await count('referral'), outbox: await count('outbox') }).toEqual(before);
  });

  it('answers 400 to malformed JSON, 401 without a token, 403 to a role that may not submit', async () => {
    const malformed = await fetch(`${service.url}/v1/referrals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...clinician() },
      body: '{"caseFileId": ',
    });
    expect(malformed.status).toBe(400);
    const anonymous = await fetch(`${service.url}/v1/referrals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body()),
    });
    expect(anonymous.status).toBe(401);
    const specialist = await fetch(`${service.url}/v1/referrals`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${issuer.token({ org: clinic, roles: ['specialist'] })}`,
      },
      body: JSON.stringify(body()),
    });
    expect(specialist.status).toBe(403);
  });

  it('refuses a body that is not JSON (415) or too large (413), and sets security headers', async () => {
    const before = await count('referral');
    const text = await fetch(`${service.url}/v1/referrals`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...clinician() },
      body: 'caseFileId=1',
    });
    expect(text.status).toBe(415);
    expect(text.headers.get('content-type')).toContain('application/problem+json');
    const huge = await post(body({ question: 'x'.repeat(1_100_000) }));
    expect(huge.status).toBe(413);
    expect(await count('referral')).toBe(before);
    expect(huge.headers.get('x-content-type-options')).toBe('nosniff');
    expect(huge.headers.get('strict-transport-security')).toContain('max-age=');
    expect(huge.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('shows a referral to its clinic and 404 to any other organization', async () => {
    const referral = (await (await post(body())).json()) as { id: string };
    const own = await fetch(`${service.url}/v1/referrals/${referral.id}`, {
      headers: clinician(),
    });
    expect(own.status).toBe(200);
    const stranger = await fetch(`${service.url}/v1/referrals/${referral.id}`, {
      headers: clinician(randomUUID()),
    });
    expect(stranger.status).toBe(404);
  });

  describeAuthorizationMatrix(
    'referrals',
    {
      url: () => service.url,
      issuer: () => issuer,
      setup: async (organizationId, token) => {
        const response = await fetch(`${service.url}/v1/referrals`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token(['clinician'])}` },
          body: JSON.stringify(body({}, organizationId)),
        });
        return { referral: ((await response.json()) as { id: string }).id };
      },
    },
    [
      {
        method: 'POST',
        path: () => '/v1/referrals',
        body: (f) => body({}, f.organizationId),
        allowed: ['clinician'],
      },
      { method: 'GET', path: () => '/v1/referrals', allowed: [...READERS] },
      ...(['', '/history'] as const).map((suffix) => ({
        method: 'GET' as const,
        path: (f: MatrixFixture) => `/v1/referrals/${f.ids.referral}${suffix}`,
        allowed: ['clinician', 'partner', 'admin'] as MatrixRole[],
        hidden: ['specialist', 'coordinator'] as MatrixRole[],
        object: true,
        anyOrganization: ['admin'] as MatrixRole[],
      })),
      {
        method: 'GET',
        path: (f) => `/v1/referrals/${f.ids.referral}/messages`,
        allowed: ['clinician', 'partner'],
        hidden: ['specialist'],
        object: true,
      },
      {
        method: 'POST',
        path: (f) => `/v1/referrals/${f.ids.referral}/messages`,
        body: () => ({ kind: 'note', text: 'The patient is travelling on Friday' }),
        allowed: ['clinician'],
        hidden: ['specialist'],
        object: true,
      },
      { method: 'GET', path: () => '/v1/queue', allowed: ['specialist'] },
      {
        method: 'GET',
        path: () => '/v1/reports/referrals?from=2026-01-01&to=2026-04-01',
        allowed: ['coordinator', 'admin'],
      },
      ...(
        [
          ['claim', undefined],
          ['release', { reason: 'On leave' }],
          ['accept', undefined],
          ['decline', { reason: 'out-of-scope' }],
          [
            'consult',
            { assessment: 'Stable angina', advice: 'Start aspirin', recommendation: 'manage-locally' },
          ],
          ['convert', {}],
        ] as const
      ).map(([action, payload]) => ({
        method: 'POST' as const,
        path: (f: MatrixFixture) => `/v1/referrals/${f.ids.referral}/${action}`,
        ...(payload && { body: () => payload }),
        allowed: [] as MatrixRole[],
        hidden: ['specialist'] as MatrixRole[],
      })),
      {
        method: 'POST',
        path: (f) => `/v1/referrals/${f.ids.referral}/assign`,
        body: () => ({ practitionerId: randomUUID() }),
        allowed: [],
        hidden: ['coordinator'],
      },
      {
        method: 'POST',
        path: (f) => `/v1/referrals/${f.ids.referral}/close`,
        body: () => ({ questionAnswered: true }),
        allowed: ['clinician'],
        object: true,
      },
      // Last: it ends the referral.
      {
        method: 'POST',
        path: (f) => `/v1/referrals/${f.ids.referral}/cancel`,
        body: () => ({ reason: 'Seen in person at the district hospital' }),
        allowed: ['clinician'],
        object: true,
      },
    ],
  );
});
