import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { DataSource } from 'typeorm';
import type { TestService } from '@referral/testing-service';
import { ClientAssertionReplay } from '../src/auth/client-assertion-replay';
import { ADMIN_ID, ADMIN_SECRET, CLINIC, clientToken, startGateway } from './support/gateway';

/** Where the hospital is told the gateway is: what its assertions' aud names. */
const PUBLIC_URL = 'https://api.referrals.example.pk';
const TOKEN_URL = `${PUBLIC_URL}/v1/auth/token`;
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

interface Key {
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function newKey(alg: 'ES384' | 'RS384', kid: string): Promise<Key> {
  const pair = await generateKeyPair(alg, { extractable: true });
  return { privateKey: pair.privateKey, publicJwk: { ...(await exportJWK(pair.publicKey)), kid, alg } };
}

/** A stand-in referrals service: answers an empty page, remembering the bearer token it was given. */
class StandInReferrals {
  readonly tokens: string[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      this.tokens.push(String(request.headers.authorization ?? '').replace(/^Bearer /, ''));
      request.resume();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ items: [], nextCursor: null }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe('gateway: SMART Backend Services, a hospital with signed assertions (real PostgreSQL)', () => {
  const referrals = new StandInReferrals();
  let service: TestService;
  /** A second instance on the same database; closed before the first, as instances sharing one are. */
  let other: TestService | undefined;
  let dataSource: DataSource;
  let adminToken: string;
  let es384: Key;
  let rs384: Key;

  const api = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${service.url}${path}`, {
      ...init,
      headers: {
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
    });

  /** An assertion as SMART Backend Services has the client sign it: five minutes at most. */
  const assertion = (clientId: string, key: Key, claims: Record<string, unknown> = {}) =>
    new SignJWT({
      iss: clientId,
      sub: clientId,
      aud: TOKEN_URL,
      exp: Math.floor(Date.now() / 1000) + 240,
      jti: randomUUID(),
      ...claims,
    })
      .setProtectedHeader({ alg: key.publicJwk.alg!, kid: key.publicJwk.kid, typ: 'JWT' })
      .sign(key.privateKey);

  const requestToken = (params: Record<string, string>, json = false) =>
    fetch(`${service.url}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded' },
      body: json ? JSON.stringify(params) : new URLSearchParams(params).toString(),
    });

  const withAssertion = (signed: string, scope?: string) => ({
    grant_type: 'client_credentials',
    client_assertion_type: JWT_BEARER,
    client_assertion: signed,
    ...(scope && { scope }),
  });

  async function register(body: Record<string, unknown>) {
    const response = await api('/v1/api-clients', {
      method: 'POST',
      token: adminToken,
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; clientId: string; clientSecret: string };
  }

  const hospital = (jwks: unknown) => ({
    name: 'Jinnah Hospital integration engine',
    organizationId: CLINIC,
    roles: ['clinician'],
    jwks,
  });

  beforeAll(async () => {
    await referrals.start();
    service = await startGateway({ PUBLIC_URL, REFERRALS_URL: referrals.url });
    dataSource = service.app.get(DataSource);
    adminToken = await clientToken(service, ADMIN_ID, ADMIN_SECRET);
    es384 = await newKey('ES384', 'jinnah-es384-2026');
    rs384 = await newKey('RS384', 'jinnah-rs384-2026');
  });

  afterAll(async () => {
    await other?.close();
    await service?.close();
    await referrals.close();
  });

  it('registers a client with ES384 and RS384 public keys, shows them, and drops its secret on request', async () => {
    const created = await register(hospital({ keys: [es384.publicJwk, rs384.publicJwk] }));
    expect(created).toEqual({
      id: expect.any(String),
      clientId: expect.stringMatching(/^cl_/),
      clientSecret: expect.any(String),
    });
    const stored = () =>
      dataSource.query(`SELECT secret_hash IS NOT NULL AS secret, jwks FROM api_client WHERE id = $1`, [
        created.id,
      ]);
    expect(await stored()).toEqual([{ secret: true, jwks: { keys: [es384.publicJwk, rs384.publicJwk] } }]);

    const list = await api('/v1/api-clients?limit=100', { token: adminToken });
    const { items } = (await list.json()) as {
      items: Array<{ id: string; jwks: unknown; hasSecret: boolean }>;
    };
    expect(items.find((item) => item.id === created.id)).toMatchObject({
      jwks: { keys: [es384.publicJwk, rs384.publicJwk] },
      hasSecret: true,
    });
    // The bootstrap admin has a secret and no keys.
    expect(items.find((item) => item.id !== created.id)).toMatchObject({ jwks: null, hasSecret: true });

    // Either way works until the secret goes; then the keys only.
    await clientToken(service, created.clientId, created.clientSecret);
    expect((await requestToken(withAssertion(await assertion(created.clientId, es384)))).status).toBe(200);
    const keysOnly = await api(`/v1/api-clients/${created.id}`, {
      method: 'PATCH',
      token: adminToken,
      body: JSON.stringify({ secret: false }),
    });
    expect(keysOnly.status).toBe(200);
    expect(await keysOnly.json()).toMatchObject({ id: created.id, hasSecret: false });
    expect(await stored()).toEqual([{ secret: false, jwks: { keys: [es384.publicJwk, rs384.publicJwk] } }]);
    const bySecret = await requestToken({
      grant_type: 'client_credentials',
      client_id: created.clientId,
      client_secret: created.clientSecret,
    });
    expect(bySecret.status).toBe(401);
    expect((await requestToken(withAssertion(await assertion(created.clientId, rs384)))).status).toBe(200);
  });

  it('gets a scoped token with an ES384 assertion (form) and an RS384 one (JSON), and uses it on a /v1 route', async () => {
    const { clientId } = await register(hospital({ keys: [es384.publicJwk, rs384.publicJwk] }));
    const scope = 'system/ServiceRequest.cruds system/Task.cruds';
    for (const [key, json] of [
      [es384, false],
      [rs384, true],
    ] as const) {
      const response = await requestToken(withAssertion(await assertion(clientId, key), scope), json);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const answer = (await response.json()) as { access_token: string; scope: string };
      expect(answer).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 900,
        scope,
      });
      expect(decodeJwt(answer.access_token)).toMatchObject({
        sub: clientId,
        org: CLINIC,
        roles: ['clinician'],
        scope,
      });

      referrals.tokens.length = 0;
      const page = await api('/v1/referrals', { token: answer.access_token });
      expect(page.status).toBe(200);
      expect(referrals.tokens).toEqual([answer.access_token]);
    }
  });

  it('refuses a replayed assertion: each jti once, across the gateway instances, even sent to both at once (PostgreSQL)', async () => {
    const { clientId } = await register(hospital({ keys: [es384.publicJwk] }));
    const signed = await assertion(clientId, es384);
    expect((await requestToken(withAssertion(signed))).status).toBe(200);
    const replay = await requestToken(withAssertion(signed));
    expect(replay.status).toBe(401);
    const body = await replay.text();
    expect(JSON.parse(body)).toEqual({
      error: 'invalid_client',
      error_description: 'The client assertion was used before (jti).',
    });
    expect(body).not.toContain(signed.split('.')[2]);

    // A second instance on the same database refuses it too (closed before the first, in afterAll).
    other = await startGateway({ PUBLIC_URL }, service.database);
    const elsewhere = await fetch(`${other.url}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(withAssertion(signed)).toString(),
    });
    expect(elsewhere.status).toBe(401);

    // Both instances asked at once, for 25 jtis, each four times: one first use per jti.
    const replays = [service, other].map((instance) => instance.app.get(ClientAssertionReplay));
    const until = new Date(Date.now() + 240_000);
    const jtis = Array.from({ length: 25 }, () => randomUUID());
    const firstUses = await Promise.all(
      jtis.flatMap((jti) =>
        Array.from({ length: 8 }, (_, i) =>
          replays[i % 2].firstUse(clientId, jti, until).then((first) => ({ jti, first })),
        ),
      ),
    );
    for (const jti of jtis) {
      expect(firstUses.filter((use) => use.jti === jti && use.first)).toHaveLength(1);
    }
  });

  it('keeps seen jtis until the assertion would have expired, then purges them', async () => {
    const { clientId } = await register(hospital({ keys: [es384.publicJwk] }));
    const exp = Math.floor(Date.now() / 1000) + 120;
    expect(
      (await requestToken(withAssertion(await assertion(clientId, es384, { exp, jti: 'jti-kept' })))).status,
    ).toBe(200);
    const [row] = await dataSource.query(
      `SELECT expires_at FROM client_assertion_jti WHERE client_id = $1 AND jti = 'jti-kept'`,
      [clientId],
    );
    // exp plus AUTH_CLOCK_TOLERANCE_SECONDS (30).
    expect(new Date(row.expires_at).getTime()).toBe((exp + 30) * 1000);

    await dataSource.query(
      `UPDATE client_assertion_jti SET expires_at = now() - interval '1 second' WHERE client_id = $1`,
      [clientId],
    );
    expect(await service.app.get(ClientAssertionReplay).purge()).toBeGreaterThanOrEqual(1);
    expect(
      await dataSource.query(`SELECT 1 FROM client_assertion_jti WHERE client_id = $1`, [clientId]),
    ).toEqual([]);
  });

  it('refuses an assertion for another audience, an expired one, and one from an unregistered key (401)', async () => {
    const { clientId } = await register(hospital({ keys: [es384.publicJwk] }));
    const stranger = await newKey('ES384', 'jinnah-es384-2026');
    for (const signed of [
      await assertion(clientId, es384, { aud: `${service.url}/v1/auth/token` }),
      await assertion(clientId, es384, { exp: Math.floor(Date.now() / 1000) - 120 }),
      await assertion(clientId, es384, { exp: Math.floor(Date.now() / 1000) + 3600 }),
      await assertion(clientId, stranger),
      await assertion(clientId, rs384),
    ]) {
      const response = await requestToken(withAssertion(signed));
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: string }).error).toBe('invalid_client');
    }
  });

  it('refuses an assertion together with a secret (400), and an unknown scope (400 invalid_scope)', async () => {
    const { clientId } = await register(hospital({ keys: [es384.publicJwk] }));
    const both = await requestToken({
      ...withAssertion(await assertion(clientId, es384)),
      client_secret: 'x',
    });
    expect(both.status).toBe(400);
    expect(((await both.json()) as { error: string }).error).toBe('invalid_request');

    const unknown = await requestToken(
      withAssertion(await assertion(clientId, es384), 'system/Observation.rs'),
    );
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toBe('invalid_scope');
    // A secret client asks for scopes the same way.
    const bySecret = await requestToken({
      grant_type: 'client_credentials',
      client_id: ADMIN_ID,
      client_secret: ADMIN_SECRET,
      scope: 'system/Task.read',
    });
    expect(bySecret.status).toBe(200);
    expect(((await bySecret.json()) as { scope: string }).scope).toBe('system/Task.read');
  });

  it('refuses a private key at registration (422), never echoing it', async () => {
    const pair = await generateKeyPair('ES384', { extractable: true });
    const privateJwk = { ...(await exportJWK(pair.privateKey)), kid: 'leaked', alg: 'ES384' };
    const response = await api('/v1/api-clients', {
      method: 'POST',
      token: adminToken,
      body: JSON.stringify(hospital({ keys: [privateJwk] })),
    });
    expect(response.status).toBe(422);
    const body = await response.text();
    expect(JSON.parse(body)).toMatchObject({
      errors: [
        { field: 'jwks', message: 'jwks.keys[0] has private key members (d): register the public key only' },
      ],
    });
    expect(body).not.toContain(privateJwk.d);
  });

  it('rotates keys with PATCH: a removed key signs nothing from then on; a client keeps a secret or keys', async () => {
    const { id, clientId } = await register(hospital({ keys: [es384.publicJwk] }));
    const patch = (body: unknown, target = id) =>
      api(`/v1/api-clients/${target}`, { method: 'PATCH', token: adminToken, body: JSON.stringify(body) });

    const rotated = await patch({ jwks: { keys: [rs384.publicJwk] } });
    expect(rotated.status).toBe(200);
    expect(await rotated.json()).toMatchObject({ id, clientId, jwks: { keys: [rs384.publicJwk] } });
    expect((await requestToken(withAssertion(await assertion(clientId, es384)))).status).toBe(401);
    expect((await requestToken(withAssertion(await assertion(clientId, rs384)))).status).toBe(200);

    // Keys only: they cannot go, nor can a secret that is not there be the last credential.
    expect((await patch({ secret: false })).status).toBe(200);
    expect((await patch({ jwks: null })).status).toBe(422);
    expect((await patch({ jwks: null, secret: false })).status).toBe(422);
    expect((await patch({ jwks: { keys: [] } })).status).toBe(422);
    expect((await patch({ secret: true })).status).toBe(422);
    expect((await patch({})).status).toBe(422);
    expect((await patch({ jwks: null }, randomUUID())).status).toBe(404);
    // A client with a secret and no keys keeps its secret.
    const plain = await register({ name: 'Clinic EMR', organizationId: CLINIC, roles: ['clinician'] });
    const refused = await patch({ secret: false }, plain.id);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ errors: [{ field: 'secret' }] });
    expect((await patch({ jwks: null }, plain.id)).status).toBe(200);
  });

  it('answers a revoked client invalid_client', async () => {
    const { id, clientId } = await register(hospital({ keys: [es384.publicJwk] }));
    expect((await api(`/v1/api-clients/${id}`, { method: 'DELETE', token: adminToken })).status).toBe(204);
    const response = await requestToken(withAssertion(await assertion(clientId, es384)));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: 'invalid_client',
      error_description: 'Client authentication failed.',
    });
  });

  it('publishes the SMART configuration at the root and under the FHIR base, without a token', async () => {
    for (const path of ['/.well-known/smart-configuration', '/fhir/R4/.well-known/smart-configuration']) {
      const response = await fetch(`${service.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/json');
      const configuration = (await response.json()) as Record<string, string[] | string>;
      expect(configuration).toMatchObject({
        token_endpoint: TOKEN_URL,
        token_endpoint_auth_methods_supported: [
          'private_key_jwt',
          'client_secret_basic',
          'client_secret_post',
        ],
        token_endpoint_auth_signing_alg_values_supported: expect.arrayContaining(['RS384', 'ES384']),
        grant_types_supported: ['client_credentials'],
        capabilities: ['client-confidential-asymmetric', 'permission-v2', 'permission-v1'],
        jwks_uri: `${PUBLIC_URL}/.well-known/jwks.json`,
      });
      expect(configuration.scopes_supported).toEqual(
        expect.arrayContaining(['system/ServiceRequest.cruds', 'system/Task.cruds', 'system/*.rs']),
      );
    }
  });
});
