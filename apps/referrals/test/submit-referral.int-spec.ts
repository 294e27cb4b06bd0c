import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TOPICS } from '@referral/contracts';
import { testInfrastructure, testKafka, TopicRecorder } from '@referral/testing';
import { describeAuthorizationMatrix, TestIssuer, type TestService } from '@referral/testing-service';
import { startReferrals, type TestReferrals } from './support/referrals';

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

  const body = (overrides: Record<string, unknown> = {}) => ({
    caseFileId: randomUUID(),
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
    const infra = await testInfrastructure();
    recorder = await new TopicRecorder(testKafka(infra.kafkaBrokers), [TOPICS.referral]).start();
  });

  afterAll(async () => {
    await recorder?.stop();
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

  it('routes to the named specialist when the clinic chose one', async () => {
    const target = randomUUID();
    const response = await post(body({ targetPractitionerId: target }));
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ stage: 'assigned', targetPractitionerId: target });
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
          body: JSON.stringify(body()),
        });
        return { referral: ((await response.json()) as { id: string }).id };
      },
    },
    [
      { method: 'POST', path: () => '/v1/referrals', body: () => body(), allowed: ['clinician'] },
      { method: 'GET', path: (f) => `/v1/referrals/${f.ids.referral}`, allowed: ['clinician'], object: true },
    ],
  );
});
