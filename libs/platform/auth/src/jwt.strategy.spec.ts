import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SigningKeysUnavailableError } from './signing-key-resolver';
import { bearer, probeApp, type ProbeResponse } from './test/app';
import {
  AUDIENCE,
  claims,
  EXTERNAL,
  EXTERNAL_AUDIENCE,
  FakeResolver,
  GATEWAY,
  handmade,
  hmacWithPublicKey,
  nowSeconds,
  ORG,
  PRACTITIONER,
  rsaKey,
  signed,
} from './test/tokens';

const gatewayKey = rsaKey('gw-2025-01');
const impostorKey = rsaKey('gw-2025-01');
const externalKey = rsaKey('idp-key-1');
const resolver = new FakeResolver().add(GATEWAY, gatewayKey).add(EXTERNAL, externalKey);

let app: NestFastifyApplication;
let get: (url: string, headers?: Record<string, string>) => Promise<ProbeResponse>;

beforeAll(async () => {
  ({ app, get } = await probeApp(resolver, {
    trustedIssuers: [{ issuer: EXTERNAL, jwksUrl: 'http://127.0.0.1:9/certs', audience: EXTERNAL_AUDIENCE }],
  }));
});

afterAll(() => app.close());

beforeEach(() => {
  resolver.calls.length = 0;
  resolver.failWith = undefined;
});

const me = (token: string) => get('/me', bearer(token));

async function expectRefused(response: Promise<ProbeResponse>) {
  const { status, body } = await response;
  expect(status).toBe(401);
  // The same words whatever the reason: a forger learns nothing about which check failed.
  expect(body.message).toBe('invalid or expired token');
}

describe('a valid token', () => {
  it('makes its claims the caller of the request', async () => {
    const { status, body } = await me(signed(gatewayKey, claims({ roles: ['clinician', 'coordinator'] })));
    expect(status).toBe(200);
    expect(body).toEqual({
      clientId: 'cl_clinic_integration',
      organizationId: ORG,
      practitionerId: PRACTITIONER,
      roles: ['clinician', 'coordinator'],
      issuer: GATEWAY,
    });
    expect(resolver.calls).toEqual([[GATEWAY, 'gw-2025-01']]);
  });

  it('has no practitioner when the client acts for the organization only', async () => {
    const { status, body } = await me(
      signed(gatewayKey, claims({ practitioner: undefined, roles: ['partner'] })),
    );
    expect(status).toBe(200);
    expect(body.practitionerId).toBeNull();
  });

  it('may carry its audience in a list', async () => {
    const { status } = await me(signed(gatewayKey, claims({ aud: ['another-api', AUDIENCE] })));
    expect(status).toBe(200);
  });

  it('is accepted within the clock tolerance around exp and nbf', async () => {
    const now = nowSeconds();
    expect((await me(signed(gatewayKey, claims({ exp: now - 10 })))).status).toBe(200);
    expect((await me(signed(gatewayKey, claims({ nbf: now + 10 })))).status).toBe(200);
  });
});

describe('the bearer token', () => {
  const token = () => signed(gatewayKey, claims());

  it('is required', async () => {
    await expectRefused(get('/me'));
  });

  it('is read from the Authorization header only', async () => {
    await expectRefused(get(`/me?access_token=${token()}`));
    await expectRefused(get('/me', { cookie: `access_token=${token()}` }));
    await expectRefused(get('/me', { authorization: `Basic ${token()}` }));
  });
});

describe('a token is refused when', () => {
  it('it is not a signed JWT at all', async () => {
    const [header, payload] = signed(gatewayKey, claims()).split('.');
    await expectRefused(me('not-a-token'));
    await expectRefused(me(`${header}.${payload}`));
    await expectRefused(me(`${header}.bm90IGpzb24.c2ln`));
    expect(resolver.calls).toEqual([]);
  });

  it('it has expired beyond the clock tolerance', async () => {
    await expectRefused(me(signed(gatewayKey, claims({ iat: nowSeconds() - 600, exp: nowSeconds() - 60 }))));
  });

  it('it is not valid yet (nbf beyond the clock tolerance)', async () => {
    await expectRefused(me(signed(gatewayKey, claims({ nbf: nowSeconds() + 120 }))));
  });

  it('it has no exp', async () => {
    await expectRefused(me(signed(gatewayKey, claims({ exp: undefined }))));
  });

  it('its payload was changed after signing', async () => {
    const [header, , signature] = signed(gatewayKey, claims()).split('.');
    const promoted = Buffer.from(JSON.stringify(claims({ roles: ['admin'] }))).toString('base64url');
    await expectRefused(me(`${header}.${promoted}.${signature}`));
  });

  it('another key signed it under the same kid', async () => {
    await expectRefused(me(signed(impostorKey, claims())));
  });

  it('it is unsigned (alg none), before any key is looked up', async () => {
    await expectRefused(me(handmade({ alg: 'none', typ: 'JWT', kid: gatewayKey.kid }, claims())));
    await expectRefused(me(handmade({ alg: 'none', typ: 'JWT', kid: gatewayKey.kid }, claims(), 'c2ln')));
    expect(resolver.calls).toEqual([]);
  });

  it('it is HS256 with the public key as HMAC secret, before any key is looked up', async () => {
    await expectRefused(me(hmacWithPublicKey(gatewayKey, claims())));
    expect(resolver.calls).toEqual([]);
  });

  it('it uses another RSA algorithm than RS256, before any key is looked up', async () => {
    await expectRefused(me(signed(gatewayKey, claims(), { algorithm: 'RS512' })));
    await expectRefused(me(signed(gatewayKey, claims(), { algorithm: 'PS256' })));
    expect(resolver.calls).toEqual([]);
  });

  it('it names no kid, before any key is looked up', async () => {
    await expectRefused(me(signed(gatewayKey, claims(), { keyid: undefined })));
    expect(resolver.calls).toEqual([]);
  });

  it('it carries critical header extensions we do not understand', async () => {
    await expectRefused(me(signed(gatewayKey, claims(), { header: { alg: 'RS256', crit: ['exp'] } })));
    expect(resolver.calls).toEqual([]);
  });

  it('its issuer is not trusted, before any key is looked up', async () => {
    await expectRefused(me(signed(gatewayKey, claims({ iss: 'urn:someone-else' }))));
    await expectRefused(me(signed(gatewayKey, claims({ iss: undefined }))));
    expect(resolver.calls).toEqual([]);
  });

  it('it is meant for another audience, or none', async () => {
    await expectRefused(me(signed(gatewayKey, claims({ aud: 'billing-api' }))));
    await expectRefused(me(signed(gatewayKey, claims({ aud: undefined }))));
  });

  it('the gateway issued it for the audience of an external issuer', async () => {
    await expectRefused(me(signed(gatewayKey, claims({ aud: EXTERNAL_AUDIENCE }))));
  });

  it('its signing key cannot be found', async () => {
    await expectRefused(me(signed(rsaKey('gw-unknown'), claims())));
  });

  it('it names a role we do not know, even beside known ones', async () => {
    await expectRefused(me(signed(gatewayKey, claims({ roles: ['superuser'] }))));
    await expectRefused(me(signed(gatewayKey, claims({ roles: ['clinician', 'root'] }))));
    await expectRefused(me(signed(gatewayKey, claims({ roles: ['clinician', 7] }))));
  });

  it('its roles are empty, missing or not a list', async () => {
    await expectRefused(me(signed(gatewayKey, claims({ roles: [] }))));
    await expectRefused(me(signed(gatewayKey, claims({ roles: undefined }))));
    await expectRefused(me(signed(gatewayKey, claims({ roles: 'admin' }))));
  });

  it('it names no organization, or not by its UUID', async () => {
    await expectRefused(me(signed(gatewayKey, claims({ org: undefined }))));
    await expectRefused(me(signed(gatewayKey, claims({ org: 'clinic-lahore' }))));
  });

  it('it has no subject', async () => {
    await expectRefused(me(signed(gatewayKey, claims({ sub: undefined }))));
  });

  it('its practitioner is not a UUID', async () => {
    await expectRefused(me(signed(gatewayKey, claims({ practitioner: 'dr-ayesha' }))));
  });
});

describe('a trusted external issuer', () => {
  const external = (overrides: Record<string, unknown>) =>
    signed(externalKey, claims({ iss: EXTERNAL, aud: EXTERNAL_AUDIENCE, ...overrides }));

  it('is verified with its own keys and audience', async () => {
    const { status, body } = await me(external({ sub: 'service-account-7', client_id: 'hospital-his' }));
    expect(status).toBe(200);
    expect(body).toMatchObject({ issuer: EXTERNAL, clientId: 'hospital-his', organizationId: ORG });
    expect(resolver.calls).toEqual([[EXTERNAL, 'idp-key-1']]);
  });

  it('must name its own audience, not the gateway one', async () => {
    await expectRefused(me(external({ aud: AUDIENCE })));
  });

  it('cannot pass for the gateway', async () => {
    await expectRefused(me(signed(externalKey, claims())));
  });
});

describe('when the signing keys cannot be fetched', () => {
  it('answers 503, not 401: the token may well be good', async () => {
    resolver.failWith = new SigningKeysUnavailableError(GATEWAY);
    const { status } = await me(signed(gatewayKey, claims()));
    expect(status).toBe(503);
  });

  it('answers 401 for any other failure of the lookup', async () => {
    resolver.failWith = new Error('rate limited');
    await expectRefused(me(signed(gatewayKey, claims())));
  });
});
