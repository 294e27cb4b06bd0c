import { createPublicKey, generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import { Keyring } from '@referral/platform-config';
import type { TestService } from '@referral/testing-service';
import { BootstrapAdmin } from '../src/api-clients/bootstrap-admin';
import { hashClientSecret } from '../src/auth/client-secret';
import { SigningKeysService } from '../src/auth/signing-keys.service';
import { ADMIN_ID, ADMIN_ORGANIZATION, ADMIN_SECRET, CLINIC, startGateway } from './support/gateway';

const ISSUER = 'urn:specialist-referral:gateway';
const AUDIENCE = 'specialist-referral-api';
const PRACTITIONER = '9b2d7e41-5c3a-4f8e-b1d0-7a6c5e4f3b21';

interface TokenAnswer {
  access_token: string;
  token_type: string;
  expires_in: number;
}

interface Jwks {
  keys: (JsonWebKey & { kid: string; alg: string; use: string })[];
}

/** Nothing listens at REFERRALS_URL: a proxied request that passes authentication answers 503. */
const gateway = (env: Record<string, string> = {}, database?: TestService['database']) =>
  startGateway({ REFERRALS_URL: 'http://127.0.0.1:9', ...env }, database);

describe('gateway: API clients, tokens and signing keys (real PostgreSQL)', () => {
  let service: TestService;
  let dataSource: DataSource;

  const requestToken = (body: string | Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(`${service.url}/v1/auth/token`, {
      method: 'POST',
      headers:
        typeof body === 'string'
          ? { 'content-type': 'application/x-www-form-urlencoded', ...headers }
          : { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const form = (params: Record<string, string>) => new URLSearchParams(params).toString();

  async function tokenFor(clientId: string, clientSecret: string): Promise<string> {
    const response = await requestToken(
      form({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as TokenAnswer).access_token;
  }

  const api = (path: string, token: string | undefined, init: RequestInit = {}) =>
    fetch(`${service.url}${path}`, {
      ...init,
      headers: {
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(init.headers as Record<string, string> | undefined),
      },
    });

  async function jwks(): Promise<Jwks> {
    const response = await fetch(`${service.url}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    return (await response.json()) as Jwks;
  }

  /** Verifies the token the way a service does: the key its `kid` names in the served JWKS. */
  async function verifyWithJwks(token: string): Promise<jwt.JwtPayload> {
    const kid = jwt.decode(token, { complete: true })?.header.kid;
    const jwk = (await jwks()).keys.find((key) => key.kid === kid);
    if (!jwk) throw new Error(`kid ${kid} is not in the JWKS`);
    return jwt.verify(token, createPublicKey({ key: jwk, format: 'jwk' }), {
      algorithms: ['RS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
    }) as jwt.JwtPayload;
  }

  async function createClient(adminToken: string, body: Record<string, unknown>) {
    const response = await api('/v1/api-clients', adminToken, { method: 'POST', body: JSON.stringify(body) });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; clientId: string; clientSecret: string };
  }

  beforeAll(async () => {
    service = await gateway();
    dataSource = service.app.get(DataSource);
  });

  afterAll(async () => {
    await service?.close();
  });

  it('creates the bootstrap admin at start, keeping only a scrypt hash of its secret', async () => {
    const rows = await dataSource.query(
      `SELECT organization_id, roles, secret_hash, revoked_at FROM api_client WHERE client_id = $1`,
      [ADMIN_ID],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      organization_id: ADMIN_ORGANIZATION,
      roles: ['admin'],
      revoked_at: null,
    });
    expect(rows[0].secret_hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(rows[0].secret_hash).not.toContain(ADMIN_SECRET);
  });

  it("resets the bootstrap admin's secret to the configured one at start", async () => {
    await dataSource.query(`UPDATE api_client SET secret_hash = $1 WHERE client_id = $2`, [
      await hashClientSecret('a-secret-set-some-other-way'),
      ADMIN_ID,
    ]);
    expect(
      (
        await requestToken(
          form({ grant_type: 'client_credentials', client_id: ADMIN_ID, client_secret: ADMIN_SECRET }),
        )
      ).status,
    ).toBe(401);
    // What a restart does.
    await service.app.get(BootstrapAdmin).onApplicationBootstrap();
    await tokenFor(ADMIN_ID, ADMIN_SECRET);
  });

  it('gives the bootstrap admin a token for a form, a JSON body and HTTP Basic', async () => {
    const grant = { grant_type: 'client_credentials', client_id: ADMIN_ID, client_secret: ADMIN_SECRET };
    const basic = `Basic ${Buffer.from(`${ADMIN_ID}:${ADMIN_SECRET}`).toString('base64')}`;
    for (const response of [
      await requestToken(form(grant)),
      await requestToken(grant),
      await requestToken(form({ grant_type: 'client_credentials' }), { authorization: basic }),
    ]) {
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const answer = (await response.json()) as TokenAnswer;
      expect(answer).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 900 });
      const claims = await verifyWithJwks(answer.access_token);
      expect(claims).toMatchObject({
        iss: ISSUER,
        aud: AUDIENCE,
        sub: ADMIN_ID,
        org: ADMIN_ORGANIZATION,
        roles: ['admin'],
      });
      expect(claims.exp! - claims.iat!).toBe(900);
      expect(claims.jti).toEqual(expect.any(String));
    }
  });

  it('publishes the JWKS as RS256 signature keys, cacheable for a minute', async () => {
    const response = await fetch(`${service.url}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    const { keys } = (await response.json()) as Jwks;
    expect(keys).toHaveLength(1);
    expect(keys[0]).toEqual({
      kty: 'RSA',
      n: expect.any(String),
      e: 'AQAB',
      kid: expect.any(String),
      alg: 'RS256',
      use: 'sig',
    });
    expect(JSON.stringify(keys)).not.toMatch(/"(d|p|q|dp|dq|qi)"/);
  });

  it('lets an admin create a clinician client whose token names its organization, practitioner and roles', async () => {
    const admin = await tokenFor(ADMIN_ID, ADMIN_SECRET);
    const created = await createClient(admin, {
      name: 'BHU Chak 42 clinic system',
      organizationId: CLINIC,
      practitionerId: PRACTITIONER,
      roles: ['clinician'],
    });
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      clientId: expect.stringMatching(/^cl_[A-Za-z0-9_-]{24}$/),
      clientSecret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const claims = await verifyWithJwks(await tokenFor(created.clientId, created.clientSecret));
    expect(claims).toMatchObject({
      sub: created.clientId,
      org: CLINIC,
      practitioner: PRACTITIONER,
      roles: ['clinician'],
    });
  });

  it('refuses a client without a valid role set (422) and lets only admins manage clients', async () => {
    const admin = await tokenFor(ADMIN_ID, ADMIN_SECRET);
    const invalid = await api('/v1/api-clients', admin, {
      method: 'POST',
      body: JSON.stringify({ name: 'x', organizationId: CLINIC, roles: ['superuser'] }),
    });
    expect(invalid.status).toBe(422);
    const empty = await api('/v1/api-clients', admin, {
      method: 'POST',
      body: JSON.stringify({ name: 'x', organizationId: CLINIC, roles: [] }),
    });
    expect(empty.status).toBe(422);

    const clinician = await createClient(admin, {
      name: 'Clinic',
      organizationId: CLINIC,
      roles: ['clinician'],
    });
    const clinicianToken = await tokenFor(clinician.clientId, clinician.clientSecret);
    const body = JSON.stringify({ name: 'Sneaky', organizationId: CLINIC, roles: ['admin'] });
    const forbidden = await api('/v1/api-clients', clinicianToken, { method: 'POST', body });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toContain('application/problem+json');
    expect((await api('/v1/api-clients', clinicianToken)).status).toBe(403);
    expect((await api('/v1/signing-keys/rotate', clinicianToken, { method: 'POST' })).status).toBe(403);

    const anonymous = await api('/v1/api-clients', undefined, { method: 'POST', body });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    expect((await api('/v1/api-clients', 'not.a.jwt')).status).toBe(401);
  });

  it('answers a wrong secret and an unknown client alike: 401 invalid_client, the OAuth way', async () => {
    const wrong = await requestToken(
      form({ grant_type: 'client_credentials', client_id: ADMIN_ID, client_secret: 'guess' }),
    );
    const unknown = await requestToken({
      grant_type: 'client_credentials',
      client_id: 'cl_nobody',
      client_secret: 'guess',
    });
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    const [wrongBody, unknownBody] = [await wrong.json(), await unknown.json()];
    expect(wrongBody).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
    expect(unknownBody).toEqual(wrongBody);

    const badBasic = await requestToken(form({ grant_type: 'client_credentials' }), {
      authorization: `Basic ${Buffer.from(`${ADMIN_ID}:guess`).toString('base64')}`,
    });
    expect(badBasic.status).toBe(401);
    expect(badBasic.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('answers malformed token requests with 400 invalid_request or unsupported_grant_type', async () => {
    const cases: [string | Record<string, unknown>, string][] = [
      [
        form({ grant_type: 'password', client_id: ADMIN_ID, client_secret: ADMIN_SECRET }),
        'unsupported_grant_type',
      ],
      [
        { grant_type: 'authorization_code', client_id: ADMIN_ID, client_secret: ADMIN_SECRET },
        'unsupported_grant_type',
      ],
      [form({ grant_type: 'client_credentials', client_id: ADMIN_ID }), 'invalid_request'],
      [{ grant_type: 'client_credentials', client_secret: ADMIN_SECRET }, 'invalid_request'],
      [form({ client_id: ADMIN_ID, client_secret: ADMIN_SECRET }), 'invalid_request'],
      [
        `${form({ grant_type: 'client_credentials', client_id: ADMIN_ID, client_secret: ADMIN_SECRET })}&client_id=x`,
        'invalid_request',
      ],
    ];
    for (const [body, error] of cases) {
      const response = await requestToken(body);
      expect({ status: response.status, body: await response.json() }).toEqual({
        status: 400,
        body: { error, error_description: expect.any(String) },
      });
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    }

    const malformed = await fetch(`${service.url}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"grant_type": ',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await malformed.json()).toEqual({
      error: 'invalid_request',
      error_description: expect.any(String),
    });

    // Bodies the JSON parser refuses (too deep: 400; a NUL character or a huge array: 422) keep the OAuth shape.
    const deep = JSON.parse('['.repeat(40) + ']'.repeat(40)) as unknown[];
    for (const hostile of [
      { grant_type: 'client_credentials', client_id: ADMIN_ID, client_secret: ADMIN_SECRET, x: deep },
      { grant_type: 'client_credentials\u0000', client_id: ADMIN_ID, client_secret: ADMIN_SECRET },
      {
        grant_type: 'client_credentials',
        client_id: ADMIN_ID,
        client_secret: ADMIN_SECRET,
        x: Array(1001).fill(0),
      },
    ]) {
      const response = await requestToken(hostile);
      expect({ status: response.status, body: await response.json() }).toEqual({
        status: 400,
        body: { error: 'invalid_request', error_description: expect.any(String) },
      });
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    }
  });

  it('stops a revoked client at once, and answers 404 for a client it does not know', async () => {
    const admin = await tokenFor(ADMIN_ID, ADMIN_SECRET);
    const partner = await createClient(admin, {
      name: 'Partner hospital',
      organizationId: CLINIC,
      roles: ['partner'],
    });
    await tokenFor(partner.clientId, partner.clientSecret);

    const revoked = await api(`/v1/api-clients/${partner.id}`, admin, { method: 'DELETE' });
    expect(revoked.status).toBe(204);
    const refused = await requestToken(
      form({
        grant_type: 'client_credentials',
        client_id: partner.clientId,
        client_secret: partner.clientSecret,
      }),
    );
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: 'invalid_client' });

    expect((await api(`/v1/api-clients/${partner.id}`, admin, { method: 'DELETE' })).status).toBe(204);
    const unknown = await api('/v1/api-clients/3c9e1f2a-7b4d-4e8f-a0c1-d2e3f4a5b6c7', admin, {
      method: 'DELETE',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');

    const listed = (await (await api('/v1/api-clients?limit=100', admin)).json()) as {
      items: { id: string; revokedAt: string | null }[];
    };
    expect(listed.items.find((item) => item.id === partner.id)?.revokedAt).toEqual(expect.any(String));
  });

  it('lists clients in pages and never shows a secret or its hash', async () => {
    const admin = await tokenFor(ADMIN_ID, ADMIN_SECRET);
    const secrets = [ADMIN_SECRET];
    for (const name of ['Page one', 'Page two', 'Page three']) {
      secrets.push(
        (await createClient(admin, { name, organizationId: CLINIC, roles: ['coordinator'] })).clientSecret,
      );
    }
    const all = await api('/v1/api-clients?limit=100', admin);
    expect(all.status).toBe(200);
    const text = await all.text();
    for (const secret of secrets) expect(text).not.toContain(secret);
    // Whether a client has a secret (`hasSecret`) is shown; nothing else about it.
    expect(text.replace(/"hasSecret":(true|false)/g, '')).not.toMatch(/secret|scrypt/i);
    const everything = JSON.parse(text) as { items: Record<string, unknown>[]; nextCursor: string | null };
    expect(everything.nextCursor).toBeNull();
    expect(Object.keys(everything.items[0]).sort()).toEqual(
      [
        'clientId',
        'createdAt',
        'hasSecret',
        'id',
        'jwks',
        'name',
        'organizationId',
        'practitionerId',
        'revokedAt',
        'roles',
      ].sort(),
    );

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/api-clients?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await (await api(query, admin)).json()) as {
        items: { id: string }[];
        nextCursor: string | null;
      };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(everything.items.map((item) => item.id));

    expect((await api('/v1/api-clients?cursor=bogus', admin)).status).toBe(422);
    // A made-up cursor, at a time no client was made (year 0), is not one this list handed out.
    for (const made of [
      Buffer.from(`0000-01-01T00:00:00.000Z|${everything.items[0].id}`).toString('base64url'),
      Buffer.from(JSON.stringify(['0000-01-01T00:00:00.000Z', everything.items[0].id])).toString('base64url'),
    ]) {
      expect((await api(`/v1/api-clients?cursor=${made}`, admin)).status).toBe(422);
    }
    expect((await api('/v1/api-clients?limit=0', admin)).status).toBe(422);
    const capped = (await (await api('/v1/api-clients?limit=1000', admin)).json()) as { items: unknown[] };
    expect(capped.items.length).toBe(everything.items.length);
  });

  it('protects the proxied routes: no token 401; with a token the request goes on to the service', async () => {
    expect((await api('/v1/referrals/0e7c3f0a-1d2b-4c5d-8e9f-a0b1c2d3e4f5', undefined)).status).toBe(401);
    const admin = await tokenFor(ADMIN_ID, ADMIN_SECRET);
    // The referrals service is not running here: authentication passed, the upstream did not answer.
    expect((await api('/v1/referrals/0e7c3f0a-1d2b-4c5d-8e9f-a0b1c2d3e4f5', admin)).status).toBe(503);
  });

  it('rotates the signing key: new tokens use the new kid, the old key stays published and its tokens still work', async () => {
    const before = await tokenFor(ADMIN_ID, ADMIN_SECRET);
    const oldKid = jwt.decode(before, { complete: true })!.header.kid!;

    const rotated = await api('/v1/signing-keys/rotate', before, { method: 'POST' });
    expect(rotated.status).toBe(201);
    const rotation = (await rotated.json()) as {
      kid: string;
      previous: { kid: string; retiredAt: string; publishedUntil: string };
    };
    expect(rotation.kid).not.toBe(oldKid);
    expect(rotation.previous.kid).toBe(oldKid);
    expect(
      Date.parse(rotation.previous.publishedUntil) - Date.parse(rotation.previous.retiredAt),
    ).toBeGreaterThanOrEqual(900_000);

    const kids = (await jwks()).keys.map((key) => key.kid);
    expect(kids).toEqual([rotation.kid, oldKid]);

    const after = await tokenFor(ADMIN_ID, ADMIN_SECRET);
    expect(jwt.decode(after, { complete: true })!.header.kid).toBe(rotation.kid);
    await expect(verifyWithJwks(after)).resolves.toMatchObject({ sub: ADMIN_ID });
    await expect(verifyWithJwks(before)).resolves.toMatchObject({ sub: ADMIN_ID });
    expect((await api('/v1/api-clients', before)).status).toBe(200);
    expect((await api('/v1/api-clients', after)).status).toBe(200);

    const [row] = await dataSource.query(
      `SELECT private_key_pem, retired_at FROM signing_key WHERE kid = $1`,
      [oldKid],
    );
    expect(row).toMatchObject({ private_key_pem: null, retired_at: expect.any(Date) });
  });

  it('stops publishing a retired key once the tokens it signed have expired', async () => {
    const before = await tokenFor(ADMIN_ID, ADMIN_SECRET);
    const kid = jwt.decode(before, { complete: true })!.header.kid!;
    await api('/v1/signing-keys/rotate', before, { method: 'POST' });
    // As if it had been retired long ago (token lifetime 900 s plus the margin).
    await dataSource.query(`UPDATE signing_key SET retired_at = now() - interval '2 hours' WHERE kid = $1`, [
      kid,
    ]);
    expect((await jwks()).keys.map((key) => key.kid)).not.toContain(kid);
  });
  it('creates one active key between gateway instances starting together', async () => {
    await dataSource.query(
      `UPDATE signing_key SET retired_at = now() - interval '1 day', private_key_pem = NULL WHERE retired_at IS NULL`,
    );
    const keys = service.app.get(SigningKeysService);
    await Promise.all([1, 2, 3, 4].map(() => keys.ensureActiveKey()));
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM signing_key WHERE retired_at IS NULL`,
    );
    expect(n).toBe(1);
  });
});

describe('gateway: an operator-provided signing key', () => {
  let service: TestService;
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();

  beforeAll(async () => {
    service = await gateway({
      JWT_SIGNING_KEY_PEM: pem.replace(/\n/g, '\\n'),
      JWT_SIGNING_KEY_ID: 'ops-2026-11',
    });
  });

  afterAll(async () => {
    await service?.close();
  });

  it('signs with the configured key and publishes it under the configured kid', async () => {
    const response = await fetch(`${service.url}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: ADMIN_ID,
        client_secret: ADMIN_SECRET,
      }),
    });
    expect(response.status).toBe(200);
    const { access_token: token } = (await response.json()) as TokenAnswer;
    expect(jwt.decode(token, { complete: true })!.header.kid).toBe('ops-2026-11');
    const { keys } = (await (await fetch(`${service.url}/.well-known/jwks.json`)).json()) as Jwks;
    expect(keys.map((key) => key.kid)).toEqual(['ops-2026-11']);
    expect(() => jwt.verify(token, createPublicKey(pem), { algorithms: ['RS256'] })).not.toThrow();
  });
});

describe('gateway: signing keys sealed at rest', () => {
  const key = () => randomBytes(32).toString('base64');
  const [OLD, NEW] = [`old:${key()}`, `new:${key()}`];
  let service: TestService | undefined;
  let first: TestService;

  afterAll(async () => {
    await service?.app.close();
    await first?.close();
  });

  const token = async (on: TestService) => {
    const response = await fetch(`${on.url}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: ADMIN_ID,
        client_secret: ADMIN_SECRET,
      }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as TokenAnswer).access_token;
  };
  const works = async (on: TestService, accessToken: string) =>
    (await fetch(`${on.url}/v1/api-clients`, { headers: { authorization: `Bearer ${accessToken}` } })).status;

  /** Every column of every signing_key row as text (bytea as its raw bytes). */
  async function rawRows(on: TestService): Promise<Record<string, unknown>[]> {
    return on.app.get(DataSource).query(`SELECT * FROM signing_key`);
  }
  const rawText = (rows: Record<string, unknown>[]) =>
    rows
      .flatMap((row) => Object.values(row))
      .map((value) => (Buffer.isBuffer(value) ? value.toString('latin1') : String(value)))
      .join('\n');

  it('keeps no private key in the clear; after restarts with a rotated key, tokens still verify', async () => {
    first = await gateway({ SIGNING_KEY_ENCRYPTION_KEY: OLD });
    const before = await token(first);
    const kid = jwt.decode(before, { complete: true })!.header.kid!;
    let rows = await rawRows(first);
    expect(rows).toEqual([
      expect.objectContaining({ kid, private_key_pem: null, private_key_key_id: 'old' }),
    ]);
    expect(rawText(rows)).not.toMatch(/PRIVATE KEY/);
    await first.app.close(); // the database stays for the restarts

    // Restart with a new current key: the stored key is re-sealed under it, and still signs.
    service = await gateway({ SIGNING_KEY_ENCRYPTION_KEY: `${NEW},${OLD}` }, first.database);
    rows = await rawRows(service);
    expect(rows).toEqual([
      expect.objectContaining({ kid, private_key_pem: null, private_key_key_id: 'new' }),
    ]);
    expect(rawText(rows)).not.toMatch(/PRIVATE KEY/);
    const after = await token(service);
    expect(jwt.decode(after, { complete: true })!.header.kid).toBe(kid);
    expect(await works(service, before)).toBe(200);
    expect(await works(service, after)).toBe(200);

    // A key stored in the clear (before sealing) is sealed at the next start.
    const pem = new Keyring(NEW).open(
      { keyId: 'new', data: rows[0].private_key_sealed as Buffer },
      `signing_key\u0000${kid}`,
    );
    expect(pem.toString()).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    await service.app
      .get(DataSource)
      .query(
        `UPDATE signing_key SET private_key_pem = $1, private_key_sealed = NULL, private_key_key_id = NULL`,
        [pem.toString()],
      );
    await service.app.close();
    service = await gateway({ SIGNING_KEY_ENCRYPTION_KEY: NEW }, first.database);
    rows = await rawRows(service);
    expect(rows).toEqual([
      expect.objectContaining({ kid, private_key_pem: null, private_key_key_id: 'new' }),
    ]);
    expect(rawText(rows)).not.toMatch(/PRIVATE KEY/);
    expect(await works(service, before)).toBe(200);
    expect(await works(service, await token(service))).toBe(200);
  });
});
