import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  describeAuthorizationMatrix,
  startTestService,
  TestIssuer,
  type TestService,
} from '@referral/testing-service';
import { AppModule } from '../src/app.module';
import { GatewayEnv } from '../src/config';
import { entities } from '../src/entities';
import { migrations } from '../src/migrations';
import { startGateway } from './support/gateway';

/**
 * The gateway's own endpoints in the authorization matrix. Callers of every role come from a test
 * identity provider that the gateway trusts as an external issuer (AUTH_TRUSTED_ISSUERS), so any
 * role in any organization can be minted.
 */
describe('gateway: authorization', () => {
  let service: TestService;
  let issuer: TestIssuer;

  beforeAll(async () => {
    issuer = await new TestIssuer('urn:test:external-idp').start();
    service = await startTestService({
      name: 'gateway',
      envClass: GatewayEnv,
      appModule: AppModule,
      entities,
      migrations,
      env: { AUTH_TRUSTED_ISSUERS: `${issuer.issuer}|${issuer.jwksUrl}` },
    });
  });

  afterAll(async () => {
    await service?.close();
    await issuer?.stop();
  });

  const newClient = () => ({
    name: 'Matrix clinic EMR',
    organizationId: '9a1f5e1c-6b0e-4f7a-8d2c-3e4b5a6c7d80',
    roles: ['clinician'],
  });

  describeAuthorizationMatrix(
    'gateway',
    {
      url: () => service.url,
      issuer: () => issuer,
      setup: async (_organizationId, token) => {
        const response = await fetch(`${service.url}/v1/api-clients`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token(['admin'])}` },
          body: JSON.stringify(newClient()),
        });
        return { client: ((await response.json()) as { id: string }).id };
      },
    },
    [
      { method: 'POST', path: () => '/v1/api-clients', body: newClient, allowed: ['admin'] },
      { method: 'GET', path: () => '/v1/api-clients', allowed: ['admin'] },
      // The client of the setup has a secret: removing its (absent) keys is allowed.
      {
        method: 'PATCH',
        path: (f) => `/v1/api-clients/${f.ids.client}`,
        body: () => ({ jwks: null }),
        allowed: ['admin'],
      },
      { method: 'DELETE', path: (f) => `/v1/api-clients/${f.ids.client}`, allowed: ['admin'] },
      { method: 'POST', path: () => '/v1/signing-keys/rotate', allowed: ['admin'] },
    ],
  );

  // Public documents: the same answer without a token and with one of any role.
  it.each([
    '/.well-known/jwks.json',
    '/.well-known/smart-configuration',
    '/fhir/R4/.well-known/smart-configuration',
  ])('GET %s: public, for anyone', async (path) => {
    expect((await fetch(`${service.url}${path}`)).status).toBe(200);
    for (const role of ['clinician', 'specialist', 'admin', 'contact-reader'] as const) {
      const response = await fetch(`${service.url}${path}`, {
        headers: { authorization: `Bearer ${issuer.token({ org: randomUUID(), roles: [role] })}` },
      });
      expect(response.status).toBe(200);
    }
  });
});

/** What the stand-in referrals service received. */
interface Received {
  method: string;
  url: string;
  contentType: string | undefined;
  body: string;
}

/** A stand-in referrals service: records every request, answers 201 to a message and 200 otherwise. */
class RecordingReferrals {
  readonly received: Received[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.received.push({
          method: request.method ?? '',
          url: request.url ?? '',
          contentType: request.headers['content-type'],
          body: Buffer.concat(chunks).toString('utf8'),
        });
        const created = request.method === 'POST' && /\/messages$/.test(request.url ?? '');
        response.writeHead(created ? 201 : 200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ forwarded: true }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/**
 * The referral routes at the gateway, before the referrals service: authentication, path, query
 * and body checks against the shared contract types (nothing refused reaches the service), and
 * body-less workflow actions forwarded as they came. Who may do what is the service's to decide.
 */
describe('gateway: referral routes', () => {
  const referrals = new RecordingReferrals();
  let issuer: TestIssuer;
  let service: TestService;
  /** A fixed (synthetic) referral id, so that the test names stay the same from run to run. */
  const id = '3b9d6f2e-1a4c-4e8b-9f0d-5c7a2e1b4d60';
  const organization = randomUUID();
  /** A `nextCursor` as the service hands them out (opaque to the gateway). */
  const CURSOR = 'WyIyMDI2LTAzLTA0VDA2OjAwOjAwLjEyM1oiXQ';

  const token = (roles: string[]) => issuer.token({ org: organization, practitioner: randomUUID(), roles });

  /** A request as a client sends it: JSON when there is a body, none otherwise. */
  const call = (method: string, path: string, body?: unknown, authorization?: string) =>
    fetch(`${service.url}${path}`, {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(authorization && { authorization }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    issuer = await new TestIssuer('urn:test:external-idp').start();
    await referrals.start();
    service = await startGateway({
      AUTH_TRUSTED_ISSUERS: `${issuer.issuer}|${issuer.jwksUrl}`,
      REFERRALS_URL: referrals.url,
    });
  });

  afterAll(async () => {
    await service?.close();
    await referrals.close();
    await issuer?.stop();
  });

  beforeEach(() => {
    referrals.received.length = 0;
  });

  /** Every referral route, with a body the gateway accepts. */
  const routes: Array<{ method: 'GET' | 'POST'; path: string; body?: unknown }> = [
    { method: 'GET', path: '/v1/referrals?status=requested' },
    { method: 'GET', path: `/v1/referrals/${id}` },
    { method: 'GET', path: `/v1/referrals/${id}/history` },
    { method: 'GET', path: '/v1/queue?specialty=dermatology' },
    {
      method: 'GET',
      path: '/v1/reports/referrals?from=2026-01-01&to=2026-04-01&specialty=dermatology&district=Chakwal',
    },
    { method: 'POST', path: `/v1/referrals/${id}/claim` },
    { method: 'POST', path: `/v1/referrals/${id}/release`, body: { reason: 'On leave' } },
    { method: 'POST', path: `/v1/referrals/${id}/accept` },
    { method: 'POST', path: `/v1/referrals/${id}/decline`, body: { reason: 'wrong-specialty' } },
    { method: 'POST', path: `/v1/referrals/${id}/assign`, body: { practitionerId: randomUUID() } },
    {
      method: 'POST',
      path: `/v1/referrals/${id}/messages`,
      body: { kind: 'clarification-request', text: 'A close-up photo, please.' },
    },
    { method: 'GET', path: `/v1/referrals/${id}/messages` },
    // Every list pages: `limit` and `cursor` (the service's to read) pass through.
    { method: 'GET', path: `/v1/referrals?limit=2&cursor=${CURSOR}` },
    { method: 'GET', path: `/v1/referrals/${id}/history?limit=2&cursor=${CURSOR}` },
    { method: 'GET', path: `/v1/referrals/${id}/messages?limit=2&cursor=${CURSOR}` },
    { method: 'GET', path: `/v1/queue?specialty=dermatology&limit=2&cursor=${CURSOR}` },
    {
      method: 'POST',
      path: `/v1/referrals/${id}/consult`,
      body: { assessment: 'Tinea corporis', advice: 'Topical terbinafine', recommendation: 'manage-locally' },
    },
    { method: 'POST', path: `/v1/referrals/${id}/close`, body: { questionAnswered: true, rating: 5 } },
    { method: 'POST', path: `/v1/referrals/${id}/convert`, body: {} },
    { method: 'POST', path: `/v1/referrals/${id}/cancel`, body: { reason: 'Patient recovered' } },
  ];

  it.each(routes)('$method $path: no token → 401, nothing forwarded', async ({ method, path, body }) => {
    const response = await call(method, path, body);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(referrals.received).toEqual([]);
  });

  it.each(routes)('$method $path: with a token → forwarded as sent', async ({ method, path, body }) => {
    const response = await call(method, path, body, `Bearer ${token(['specialist'])}`);
    expect(response.status).toBe(path.endsWith('/messages') && method === 'POST' ? 201 : 200);
    expect(await response.json()).toEqual({ forwarded: true });
    expect(referrals.received).toEqual([
      {
        method,
        url: path,
        contentType: body === undefined ? undefined : 'application/json',
        body: body === undefined ? '' : JSON.stringify(body),
      },
    ]);
  });

  it('forwards claim and accept with an empty JSON object too, and never answers 415 to a body-less POST', async () => {
    const authorization = `Bearer ${token(['specialist'])}`;
    for (const action of ['claim', 'accept']) {
      const empty = await call('POST', `/v1/referrals/${id}/${action}`, {}, authorization);
      expect(empty.status).toBe(200);
      // No body, said explicitly.
      const none = await fetch(`${service.url}/v1/referrals/${id}/${action}`, {
        method: 'POST',
        headers: { authorization, 'content-length': '0' },
      });
      expect(none.status).toBe(200);
    }
    // An empty body that says it is JSON is malformed JSON (400, as Fastify has it), not forwarded.
    const emptyJson = await fetch(`${service.url}/v1/referrals/${id}/claim`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
    });
    expect(emptyJson.status).toBe(400);
    expect(emptyJson.headers.get('content-type')).toContain('application/problem+json');
    expect(referrals.received.map((r) => [r.url, r.contentType, r.body])).toEqual([
      [`/v1/referrals/${id}/claim`, 'application/json', '{}'],
      [`/v1/referrals/${id}/claim`, undefined, ''],
      [`/v1/referrals/${id}/accept`, 'application/json', '{}'],
      [`/v1/referrals/${id}/accept`, undefined, ''],
    ]);
  });

  it('refuses a referral id that is not a UUID (400), nothing forwarded', async () => {
    const authorization = `Bearer ${token(['specialist'])}`;
    for (const [method, path] of [
      ['GET', '/v1/referrals/42'],
      ['GET', '/v1/referrals/42/history'],
      ['GET', '/v1/referrals/42/messages'],
      ['POST', '/v1/referrals/42/claim'],
    ]) {
      const response = await call(method, path, undefined, authorization);
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 400 });
    }
    expect(referrals.received).toEqual([]);
  });

  it.each([
    ['a decline without a reason', `/v1/referrals/${id}/decline`, { note: 'Not mine' }, 'reason'],
    ['a decline reason outside the list', `/v1/referrals/${id}/decline`, { reason: 'too-busy' }, 'reason'],
    ['a release without a reason', `/v1/referrals/${id}/release`, {}, 'reason'],
    ['a cancel with an empty reason', `/v1/referrals/${id}/cancel`, { reason: '' }, 'reason'],
    [
      'a field the contract does not have',
      `/v1/referrals/${id}/release`,
      { reason: 'x', holder: 'me' },
      'holder',
    ],
    [
      'an assignee that is not a UUID',
      `/v1/referrals/${id}/assign`,
      { practitionerId: 'dr-khan' },
      'practitionerId',
    ],
    [
      'a message kind outside the list',
      `/v1/referrals/${id}/messages`,
      { kind: 'gossip', text: 'hi' },
      'kind',
    ],
    [
      'a recommendation outside the list',
      `/v1/referrals/${id}/consult`,
      { assessment: 'a', advice: 'b', recommendation: 'wait-and-see' },
      'recommendation',
    ],
    ['a rating above 5', `/v1/referrals/${id}/close`, { questionAnswered: true, rating: 6 }, 'rating'],
    ['an empty conversion reason', `/v1/referrals/${id}/convert`, { reason: '' }, 'reason'],
  ])('refuses %s at the gateway (422), nothing forwarded', async (_, path, body, field) => {
    const response = await call(
      'POST',
      path,
      body,
      `Bearer ${token(['specialist', 'clinician', 'coordinator'])}`,
    );
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as { errors: Array<{ field: string }> };
    expect(problem.errors.map((e) => e.field)).toContain(field);
    expect(referrals.received).toEqual([]);
  });

  it('refuses a POST that needs a body and has none (422), nothing forwarded', async () => {
    const response = await call(
      'POST',
      `/v1/referrals/${id}/decline`,
      undefined,
      `Bearer ${token(['specialist'])}`,
    );
    expect(response.status).toBe(422);
    expect(referrals.received).toEqual([]);
  });

  it.each([
    ['a priority outside the list', '/v1/referrals?priority=asap', 'priority'],
    ['a status outside the list', '/v1/referrals?status=open', 'status'],
    ['a specialty that is no code', '/v1/referrals?specialty=Skin%20doctor', 'specialty'],
    ['an unknown filter', '/v1/referrals?organization=mine', 'organization'],
    ['a queue specialty that is no code', '/v1/queue?specialty=Dermatology', 'specialty'],
    ['a queue page of 0', '/v1/queue?limit=0', 'limit'],
    ['a report without a period', '/v1/reports/referrals', 'from'],
    ['a report period over 366 days', '/v1/reports/referrals?from=2026-01-01&to=2027-01-03', 'to'],
    ['a report date that does not exist', '/v1/reports/referrals?from=2026-02-30&to=2026-03-05', 'from'],
    ['a history page of 0', `/v1/referrals/${id}/history?limit=0`, 'limit'],
    ['a filter the history does not have', `/v1/referrals/${id}/history?action=claim`, 'action'],
    [
      'a cursor longer than any nextCursor',
      `/v1/referrals/${id}/messages?cursor=${'x'.repeat(201)}`,
      'cursor',
    ],
  ])('refuses %s in the query (422), nothing forwarded', async (_, path, field) => {
    const response = await call('GET', path, undefined, `Bearer ${token(['specialist', 'clinician'])}`);
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { errors: Array<{ field: string }> };
    expect(problem.errors.map((e) => e.field)).toContain(field);
    expect(referrals.received).toEqual([]);
  });
});

/**
 * Bodies with nested objects at the gateway, before the case-files, directory and notifications
 * services (one recording stand-in for all three): an unknown field at any depth, an array where an
 * object belongs, or invalid Unicode is 422 naming the path, and nothing is forwarded.
 */
describe('gateway: nested request bodies', () => {
  const services = new RecordingReferrals();
  let issuer: TestIssuer;
  let service: TestService;
  const id = '7c2e9a4b-3d1f-4b6e-8a5c-0f9d2e7b1a36';
  const roleId = '1e8b5d3c-7a2f-4c9e-b6d0-3f5a8c2e9b14';
  const change = {
    chiefComplaint: 'Fever for three days',
    vitals: { pulse: 80, spo2: 97, temperature: { value: 38.5, unit: 'C' } },
    medications: [{ name: 'Paracetamol', dose: '500 mg' }],
  };
  const caseFile = { patientId: '5a1c2e3f-4b6d-4e8f-9a0b-1c2d3e4f5a6b', ...change };

  const call = (method: string, path: string, body: unknown) =>
    fetch(`${service.url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
        authorization: `Bearer ${issuer.token({ org: randomUUID(), practitioner: randomUUID(), roles: ['clinician', 'specialist'] })}`,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    issuer = await new TestIssuer('urn:test:external-idp').start();
    await services.start();
    service = await startGateway({
      AUTH_TRUSTED_ISSUERS: `${issuer.issuer}|${issuer.jwksUrl}`,
      CASE_FILES_URL: services.url,
      DIRECTORY_URL: services.url,
      NOTIFICATIONS_URL: services.url,
    });
  });

  afterAll(async () => {
    await service?.close();
    await services.close();
    await issuer?.stop();
  });

  beforeEach(() => {
    services.received.length = 0;
  });

  it('forwards a valid case file with its vitals as sent', async () => {
    const response = await call('PATCH', `/v1/case-files/${id}`, change);
    expect(response.status).toBe(200);
    expect(services.received.map((r) => JSON.parse(r.body) as unknown)).toEqual([change]);
  });

  it.each([
    [
      'an unknown vital',
      'POST',
      '/v1/case-files',
      { ...caseFile, vitals: { pulse: 80, heartRate: 80 } },
      'vitals.heartRate',
    ],
    [
      'an unknown field of a measurement',
      'PATCH',
      `/v1/case-files/${id}`,
      { vitals: { temperature: { value: 38.5, unit: 'C', site: 'oral' } } },
      'vitals.temperature.site',
    ],
    [
      'an unknown field of a medication',
      'PATCH',
      `/v1/case-files/${id}`,
      { medications: [{ name: 'x', route: 'oral' }] },
      'medications.0.route',
    ],
    [
      'the vitals as an array',
      'POST',
      '/v1/case-files',
      { ...caseFile, vitals: [{ pulse: 80, spo2: 97 }] },
      'vitals',
    ],
    [
      'a medication inside an array',
      'PATCH',
      `/v1/case-files/${id}`,
      { medications: [[{ name: 'x' }]] },
      'medications',
    ],
    [
      'an unknown field of an availability window',
      'PATCH',
      `/v1/practitioners/${id}/roles/${roleId}`,
      { availability: [{ day: 'mon', start: '09:00', end: '13:00', timezone: 'UTC' }] },
      'availability.0.timezone',
    ],
    [
      'quiet hours as an array',
      'PUT',
      '/v1/notification-preferences',
      { channels: ['sms'], quietHours: [{ start: '22:00', end: '07:00' }] },
      'quietHours',
    ],
    [
      'a lone surrogate in the history',
      'POST',
      '/v1/case-files',
      JSON.stringify({ ...caseFile, history: 'fever' }).replace('fever', String.raw`fever \ud800`),
      'history',
    ],
  ])('refuses %s (422 naming it), nothing forwarded', async (_, method, path, body, field) => {
    const response = await call(method, path, body);
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as { errors: Array<{ field: string }> };
    expect(problem.errors.map((e) => e.field)).toContain(field);
    expect(services.received).toEqual([]);
  });

  it('refuses U+0000 (`%00`) in a query parameter with 422 nul-character naming it, nothing forwarded', async () => {
    const response = await fetch(`${service.url}/v1/admin/outbound-messages?recipient=%2B923001234567%00`, {
      headers: {
        authorization: `Bearer ${issuer.token({ org: randomUUID(), practitioner: randomUUID(), roles: ['admin'] })}`,
      },
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      type: 'urn:problem-type:nul-character',
      errors: [{ field: 'recipient', message: 'must not contain the NUL character (U+0000)' }],
    });
    expect(services.received).toEqual([]);
  });
});
