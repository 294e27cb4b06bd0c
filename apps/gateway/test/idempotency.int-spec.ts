import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { Keyring } from '@referral/platform-config';
import { requestHash } from '@referral/platform-idempotency';
import type { TestService } from '@referral/testing-service';
import { DEVELOPMENT_IDEMPOTENCY_ENCRYPTION_KEY } from '../src/config';
import { ADMIN_ID, ADMIN_SECRET, CLINIC, clientToken, startGateway } from './support/gateway';

interface Problem {
  type: string;
  status: number;
}

/** A stand-in referrals service: counts calls per Idempotency-Key (or path) and answers 201 with a fresh id. */
class FakeReferrals {
  readonly calls = new Map<string, number>();
  /** Delay before answering, and the status of the next answers. */
  delayMs = 0;
  status = 201;
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void this.answer(request).then(({ status, body }) => {
        const id = JSON.parse(body).id as string;
        response.writeHead(status, {
          'content-type': 'application/json',
          location: `/v1/referrals/${id}`,
          etag: `"${id.slice(0, 8)}"`,
        });
        response.end(body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  callsFor(key: string): number {
    return this.calls.get(key) ?? 0;
  }

  private async answer(request: IncomingMessage): Promise<{ status: number; body: string }> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const counted =
      (request.headers['idempotency-key'] as string | undefined) ?? `${request.method} ${request.url}`;
    this.calls.set(counted, this.callsFor(counted) + 1);
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const status = this.status;
    const received = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null;
    return { status, body: JSON.stringify({ id: randomUUID(), received }) };
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const CASE_FILE = '6f1c2a9e-4b7d-4e0a-9c3f-2d8e5b1a7c40';
/** A body the gateway's validation accepts (the shared SubmitReferralRequest); `question` tells them apart. */
const referral = (question: string) => ({
  caseFileId: CASE_FILE,
  specialtyCode: 'dermatology',
  priority: 'routine',
  question,
  allowConversion: false,
});
/**
 * A creating POST whose key the gateway keeps (POST /v1/referrals is kept by the referrals service
 * itself since issue 14: see the last tests) and its body (the shared PostMessageRequest).
 */
const KEPT = `/v1/referrals/${randomUUID()}/messages`;
const message = (text: string) => ({ kind: 'note', text });
/** The same members in the reverse order. */
const reordered = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).reverse());

const gateway = (
  referralsUrl: string,
  env: Record<string, string> = {},
  database?: TestService['database'],
) => startGateway({ REFERRALS_URL: referralsUrl, ...env }, database);
const tokenFor = clientToken;

function post(
  service: TestService,
  path: string,
  token: string,
  body: unknown,
  key?: string,
): Promise<Response> {
  return fetch(`${service.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(key !== undefined ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify(body),
  });
}

describe('gateway: Idempotency-Key and rate limits (real PostgreSQL)', () => {
  const referrals = new FakeReferrals();
  let service: TestService;
  let dataSource: DataSource;
  let admin: string;
  let other: string;

  beforeAll(async () => {
    await referrals.start();
    service = await gateway(referrals.url);
    dataSource = service.app.get(DataSource);
    admin = await tokenFor(service, ADMIN_ID, ADMIN_SECRET);
    const created = await fetch(`${service.url}/v1/api-clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Clinic EMR', organizationId: CLINIC, roles: ['coordinator'] }),
    });
    expect(created.status).toBe(201);
    const client = (await created.json()) as { clientId: string; clientSecret: string };
    other = await tokenFor(service, client.clientId, client.clientSecret);
  });

  afterEach(() => {
    referrals.delayMs = 0;
    referrals.status = 201;
  });

  afterAll(async () => {
    await service?.close();
    await referrals.close();
  });

  it('answers the same key and body with the first answer, calling the service once', async () => {
    const key = randomUUID();
    const first = await post(service, KEPT, admin, message('p1'), key);
    expect(first.status).toBe(201);
    const firstBody = await first.text();
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    // The same body, keys in another order.
    const second = await post(service, KEPT, admin, reordered(message('p1')), key);
    expect(second.status).toBe(201);
    expect(await second.text()).toBe(firstBody);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(referrals.callsFor(key)).toBe(1);
  });

  it('refuses the same key with another body (422)', async () => {
    const key = randomUUID();
    expect((await post(service, KEPT, admin, message('p1'), key)).status).toBe(201);
    const reused = await post(service, KEPT, admin, message('p2'), key);
    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toContain('application/problem+json');
    expect(((await reused.json()) as Problem).type).toBe('urn:problem-type:idempotency-key-reused');
    expect(referrals.callsFor(key)).toBe(1);
  });

  it('refuses a duplicate while the first is still in flight (409)', async () => {
    const key = randomUUID();
    referrals.delayMs = 700;
    const first = post(service, KEPT, admin, message('slow'), key);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const duplicate = await post(service, KEPT, admin, message('slow'), key);
    expect(duplicate.status).toBe(409);
    expect(((await duplicate.json()) as Problem).type).toBe('urn:problem-type:idempotency-key-in-flight');
    expect((await first).status).toBe(201);
    expect(referrals.callsFor(key)).toBe(1);
  });

  it('requires a valid key on POST /v1/referrals (400)', async () => {
    const missing = await post(service, '/v1/referrals', admin, referral('p1'));
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as Problem).type).toBe('urn:problem-type:idempotency-key-required');
    const tooLong = await post(service, '/v1/referrals', admin, referral('p1'), 'k'.repeat(256));
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as Problem).type).toBe('urn:problem-type:idempotency-key-invalid');
    expect(referrals.callsFor('POST /v1/referrals')).toBe(0);
  });

  it('takes an optional key on a workflow action: a retried claim gets the first answer', async () => {
    const key = randomUUID();
    const path = `/v1/referrals/${randomUUID()}/claim`;
    referrals.status = 200;
    const claim = (withKey: boolean) =>
      fetch(`${service.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, ...(withKey && { 'idempotency-key': key }) },
      });
    const first = await claim(true);
    expect(first.status).toBe(200);
    const retry = await claim(true);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.text()).toBe(await first.text());
    expect(referrals.callsFor(key)).toBe(1);
    // Without a key, every request reaches the service.
    expect((await claim(false)).status).toBe(200);
    expect((await claim(false)).headers.get('idempotent-replayed')).toBeNull();
    expect(referrals.callsFor(`POST ${path}`)).toBe(2);
  });

  it('keeps the record in the database: another gateway instance on it replays the answer', async () => {
    const key = randomUUID();
    const first = await post(service, KEPT, admin, message('kept'), key);
    const firstBody = await first.text();
    const rows = await dataSource.query(
      `SELECT method, path, status, response_status, response_headers, request_hash,
              expires_at - created_at AS ttl
         FROM idempotency_record WHERE client_id = $1 AND key = $2`,
      [ADMIN_ID, key],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      method: 'POST',
      path: KEPT,
      status: 'completed',
      response_status: 201,
      response_headers: { 'content-type': 'application/json', location: first.headers.get('location') },
    });
    expect(rows[0].request_hash).toMatch(/^[0-9a-f]{64}$/);

    const second = await gateway(referrals.url, { DATABASE_NAME: service.database.name });
    try {
      const replay = await post(second, KEPT, admin, message('kept'), key);
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(await replay.text()).toBe(firstBody);
    } finally {
      await second.app.close();
      await second.database.drop();
    }
    expect(referrals.callsFor(key)).toBe(1);
  });

  it('stores answers sealed: no patient name or webhook secret in the raw row; replays are identical', async () => {
    const key = randomUUID();
    // Synthetic: the fake service echoes the body, as a referral or a webhook registration would.
    const question = 'Zarmeena Synthetic-Qureshi, 34, rash; secret whsec_SyntheticTestSecret0123';
    const first = await post(service, KEPT, admin, message(question), key);
    expect(first.status).toBe(201);
    const firstBody = await first.text();
    expect(firstBody).toContain('Zarmeena Synthetic-Qureshi');

    const [row] = await dataSource.query(
      `SELECT response_body, response_key_id, response_headers::text AS headers
         FROM idempotency_record WHERE client_id = $1 AND key = $2`,
      [ADMIN_ID, key],
    );
    expect(row.response_key_id).toBe('dev-1'); // the development default of the test gateway
    const raw = (row.response_body as Buffer).toString('latin1');
    expect(raw.length).toBeGreaterThan(firstBody.length); // iv, tag and ciphertext
    for (const clear of ['Zarmeena', 'whsec_', 'rash', 'question']) {
      expect(raw).not.toContain(clear);
      expect(row.headers).not.toContain(clear);
    }

    const replay = await post(service, KEPT, admin, message(question), key);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.text()).toBe(firstBody);
    expect(referrals.callsFor(key)).toBe(1);
  });

  it('replays answers sealed under a rotated-out key still listed; seals new ones under the current key', async () => {
    const key = randomUUID();
    const first = await post(service, KEPT, admin, message('rotation'), key);
    const firstBody = await first.text();
    const current = `new-1:${randomBytes(32).toString('base64')}`;
    const rotated = await gateway(
      referrals.url,
      { IDEMPOTENCY_ENCRYPTION_KEY: `${current},${DEVELOPMENT_IDEMPOTENCY_ENCRYPTION_KEY}` },
      service.database,
    );
    const onlyNew = await gateway(referrals.url, { IDEMPOTENCY_ENCRYPTION_KEY: current }, service.database);
    try {
      const replay = await post(rotated, KEPT, admin, message('rotation'), key);
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(await replay.text()).toBe(firstBody);

      const newKey = randomUUID();
      const fresh = await post(rotated, KEPT, admin, message('rotation'), newKey);
      const [row] = await dataSource.query(`SELECT response_key_id FROM idempotency_record WHERE key = $1`, [
        newKey,
      ]);
      expect(row.response_key_id).toBe('new-1');
      // The old key is unknown to an instance without it: no replay, and never a second call.
      const unreadable = await post(onlyNew, KEPT, admin, message('rotation'), key);
      expect(unreadable.status).toBe(500);
      const again = await post(onlyNew, KEPT, admin, message('rotation'), newKey);
      expect(await again.text()).toBe(await fresh.text());
    } finally {
      await rotated.close();
      await onlyNew.close();
    }
    expect(referrals.callsFor(key)).toBe(1);
  });

  it('treats an answer stored in the clear (before sealing) as expired', async () => {
    const key = randomUUID();
    expect((await post(service, KEPT, admin, message('clear'), key)).status).toBe(201);
    await dataSource.query(
      `UPDATE idempotency_record SET response_key_id = NULL, response_body = convert_to('{"id":"old"}', 'UTF8')
        WHERE key = $1`,
      [key],
    );
    const again = await post(service, KEPT, admin, message('clear'), key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(referrals.callsFor(key)).toBe(2);
    const [row] = await dataSource.query(`SELECT response_key_id FROM idempotency_record WHERE key = $1`, [
      key,
    ]);
    expect(row.response_key_id).toBe('dev-1');
  });

  it('forgets the key when the service fails (5xx), so a retry reaches it again', async () => {
    const key = randomUUID();
    referrals.status = 500;
    expect((await post(service, KEPT, admin, message('retry'), key)).status).toBe(500);
    const rows = await dataSource.query(`SELECT 1 FROM idempotency_record WHERE key = $1`, [key]);
    expect(rows).toHaveLength(0);
    referrals.status = 201;
    const retry = await post(service, KEPT, admin, message('retry'), key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(referrals.callsFor(key)).toBe(2);
  });

  it('keeps 4xx answers: they are the answer', async () => {
    const key = randomUUID();
    referrals.status = 404;
    expect((await post(service, KEPT, admin, message('gone'), key)).status).toBe(404);
    referrals.status = 201;
    const again = await post(service, KEPT, admin, message('gone'), key);
    expect(again.status).toBe(404);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(referrals.callsFor(key)).toBe(1);
  });

  it('scopes keys per API client', async () => {
    const key = randomUUID();
    const mine = await post(service, KEPT, admin, message('p1'), key);
    const theirs = await post(service, KEPT, other, message('p1'), key);
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(await theirs.text()).not.toBe(await mine.text());
    expect(referrals.callsFor(key)).toBe(2);
  });

  it('purges expired records', async () => {
    const key = randomUUID();
    await post(service, KEPT, admin, message('old'), key);
    await dataSource.query(
      `UPDATE idempotency_record SET expires_at = now() - interval '1 second' WHERE key = $1`,
      [key],
    );
    // An expired record no longer binds the key, even before the purge comes by.
    const fresh = await post(service, KEPT, admin, message('other'), key);
    expect(fresh.status).toBe(201);
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
    await dataSource.query(
      `UPDATE idempotency_record SET expires_at = now() - interval '1 second' WHERE key = $1`,
      [key],
    );
    const { IdempotencyService } = await import('../src/idempotency/idempotency.service');
    expect(await service.app.get(IdempotencyService).purge()).toBeGreaterThanOrEqual(1);
    expect(await dataSource.query(`SELECT 1 FROM idempotency_record WHERE key = $1`, [key])).toHaveLength(0);
  });

  it('forwards POST /v1/referrals with its key and stores nothing: the referrals service keeps the key', async () => {
    const key = randomUUID();
    expect((await post(service, '/v1/referrals', admin, referral('kept by referrals'), key)).status).toBe(
      201,
    );
    expect((await post(service, '/v1/referrals', admin, referral('kept by referrals'), key)).status).toBe(
      201,
    );
    // Both reached the service with the key (the stand-in does not dedupe; the real one does, e2e).
    expect(referrals.callsFor(key)).toBe(2);
    expect(await dataSource.query(`SELECT 1 FROM idempotency_record WHERE key = $1`, [key])).toHaveLength(0);
    // The header is still checked here.
    expect((await post(service, '/v1/referrals', admin, referral('kept'), 'k'.repeat(256))).status).toBe(400);
  });

  it('still answers a POST /v1/referrals key stored by a gateway before the referrals service kept keys', async () => {
    const key = randomUUID();
    const body = Buffer.from(JSON.stringify({ id: randomUUID(), received: 'before the upgrade' }));
    const sealed = new Keyring(DEVELOPMENT_IDEMPOTENCY_ENCRYPTION_KEY).seal(
      body,
      `idempotency\u0000${ADMIN_ID}\u0000${key}`,
    );
    await dataSource.query(
      `INSERT INTO idempotency_record (client_id, key, method, path, request_hash, status, response_status,
         response_headers, response_body, response_key_id, created_at, completed_at, expires_at)
       VALUES ($1, $2, 'POST', '/v1/referrals', $3, 'completed', 201, '{"content-type":"application/json"}',
         $4, $5, now(), now(), now() + interval '1 hour')`,
      [ADMIN_ID, key, requestHash('POST', '/v1/referrals', referral('legacy')), sealed.data, sealed.keyId],
    );
    // Started after the record was written (as after an upgrade): it looks for such records.
    const upgraded = await gateway(referrals.url, { DATABASE_NAME: service.database.name });
    try {
      const replay = await post(upgraded, '/v1/referrals', admin, referral('legacy'), key);
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(Buffer.from(await replay.arrayBuffer())).toEqual(body);
      const reused = await post(upgraded, '/v1/referrals', admin, referral('another'), key);
      expect(reused.status).toBe(422);
    } finally {
      await upgraded.app.close();
      await upgraded.database.drop();
    }
    expect(referrals.callsFor(key)).toBe(0);
  });

  it('sends rate-limit headers on proxied routes', async () => {
    const response = await fetch(`${service.url}/v1/referrals/${randomUUID()}`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(response.headers.get('ratelimit-limit')).toBe('1200');
    expect(Number(response.headers.get('ratelimit-remaining'))).toBeLessThan(1200);
  });
});

/**
 * The rate limit counts per minute of the database's clock, the previous minute weighing less as
 * time goes on: a test counting to the limit starts away from a minute's last seconds.
 */
async function awayFromMinuteEnd(dataSource: DataSource): Promise<void> {
  const [{ left }] = await dataSource.query(
    `SELECT 60 - extract(second FROM clock_timestamp())::float8 AS left`,
  );
  if (left < 10) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 200));
}

describe('gateway: rate limit per API client', () => {
  const referrals = new FakeReferrals();
  let service: TestService;

  beforeAll(async () => {
    await referrals.start();
    service = await gateway(referrals.url, { RATE_LIMIT_PER_MINUTE: '3' });
  });

  afterAll(async () => {
    await service?.close();
    await referrals.close();
  });

  it('answers the 4th request within a minute with 429 and Retry-After', async () => {
    await awayFromMinuteEnd(service.app.get(DataSource));
    const token = await tokenFor(service, ADMIN_ID, ADMIN_SECRET);
    const path = `/v1/referrals/${randomUUID()}`;
    const get = () => fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await get();
      expect(response.status).toBe(201);
      expect(response.headers.get('ratelimit-limit')).toBe('3');
      remaining.push(response.headers.get('ratelimit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    // Sliding window counter: the full minute must weigh at most 2/3 in the next one (up to 80 s).
    expect(retryAfter).toBeLessThanOrEqual(80);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(((await limited.json()) as Problem).type).toBe('urn:problem-type:rate-limited');
    expect(referrals.callsFor(`GET ${path}`)).toBe(3);
  });
});

describe('gateway: the rate limit holds across instances (one database)', () => {
  const LIMIT = 5;
  const referrals = new FakeReferrals();
  let first: TestService;
  let second: TestService;

  beforeAll(async () => {
    await referrals.start();
    first = await gateway(referrals.url, { RATE_LIMIT_PER_MINUTE: String(LIMIT) });
    second = await gateway(referrals.url, { RATE_LIMIT_PER_MINUTE: String(LIMIT) }, first.database);
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
    await referrals.close();
  });

  it(`accepts ${LIMIT} requests between two gateways, then 429 with Retry-After on both`, async () => {
    const dataSource = first.app.get(DataSource);
    await awayFromMinuteEnd(dataSource);

    const token = await tokenFor(first, ADMIN_ID, ADMIN_SECRET);
    const path = `/v1/referrals/${randomUUID()}`;
    const get = (on: TestService) =>
      fetch(`${on.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    // Concurrently, alternating between the instances: twice the limit.
    const answers = await Promise.all(
      Array.from({ length: 2 * LIMIT }, (_, i) => get(i % 2 === 0 ? first : second)),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(LIMIT);
    expect(referrals.callsFor(`GET ${path}`)).toBe(LIMIT);

    for (const on of [first, second]) {
      const limited = await get(on);
      expect(limited.status).toBe(429);
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60 + 60 / LIMIT);
      expect(((await limited.json()) as Problem).type).toBe('urn:problem-type:rate-limited');
    }
    expect(referrals.callsFor(`GET ${path}`)).toBe(LIMIT);
    const [{ count }] = await dataSource.query(
      `SELECT sum(count)::int AS count FROM rate_limit_window WHERE client_id = $1`,
      [ADMIN_ID],
    );
    expect(count).toBe(LIMIT); // refused requests are not counted
  });

  it('purges the windows no estimate reads any more', async () => {
    const dataSource = first.app.get(DataSource);
    await dataSource.query(
      `INSERT INTO rate_limit_window (client_id, minute, count)
       VALUES ('cl_old', floor(extract(epoch FROM now()) / 60)::bigint - 2, 7),
              ('cl_recent', floor(extract(epoch FROM now()) / 60)::bigint - 1, 7)`,
    );
    const { RateLimitPurge } = await import('../src/rate-limit/rate-limit.guard');
    expect(await first.app.get(RateLimitPurge).purge()).toBeGreaterThanOrEqual(1);
    const left = await dataSource.query(
      `SELECT client_id FROM rate_limit_window WHERE client_id IN ('cl_old', 'cl_recent')`,
    );
    expect(left).toEqual([{ client_id: 'cl_recent' }]);
  });
});
