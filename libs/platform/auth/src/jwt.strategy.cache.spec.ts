import { KeyObject } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TokenCacheOptions } from './verified-token-cache';
import { SigningKeysUnavailableError } from './signing-key-resolver';
import { tokenVerifier } from './jwt.strategy';
import { bearer, probeApp, type ProbeResponse } from './test/app';
import { claims, FakeResolver, GATEWAY, nowSeconds, rsaKey, signed } from './test/tokens';

const gatewayKey = rsaKey('gw-2025-01');
const impostorKey = rsaKey('gw-2025-01');

let verifications: jest.SpyInstance;
beforeAll(() => {
  // jose's verification of each request (the RSA signature and the claims), behind the strategy's seam.
  verifications = jest.spyOn(tokenVerifier, 'verify');
});
afterAll(() => verifications.mockRestore());

async function appWith(tokenCache: Partial<TokenCacheOptions> | false) {
  const resolver = new FakeResolver().add(GATEWAY, gatewayKey);
  const { app, get } = await probeApp(resolver, { tokenCache });
  const me = (token: string) => get('/me', bearer(token));
  return { app, resolver, me };
}

describe('with the cache of verified tokens (the default)', () => {
  let app: NestFastifyApplication;
  let resolver: FakeResolver;
  let me: (token: string) => Promise<ProbeResponse>;

  beforeAll(async () => {
    ({ app, resolver, me } = await appWith({}));
  });
  afterAll(() => app.close());
  beforeEach(() => {
    verifications.mockClear();
    resolver.calls.length = 0;
    resolver.failWith = undefined;
    resolver.add(GATEWAY, gatewayKey);
  });

  it('verifies the signature of a token once, and answers the same caller again from the cache', async () => {
    const token = signed(gatewayKey, claims({ sub: 'cl_repeat', roles: ['clinician', 'coordinator'] }));
    const first = await me(token);
    const again = await me(token);
    expect(first.status).toBe(200);
    expect(again).toEqual(first);
    expect(verifications).toHaveBeenCalledTimes(1);
    // The key is still asked for: the hit counts only while the resolver gives the same key.
    expect(resolver.calls).toEqual([
      [GATEWAY, 'gw-2025-01'],
      [GATEWAY, 'gw-2025-01'],
    ]);
  });

  it('hands jose a parsed key, parsed once for every token of that key', async () => {
    await me(signed(gatewayKey, claims({ sub: 'cl_key_a' })));
    await me(signed(gatewayKey, claims({ sub: 'cl_key_b' })));
    expect(verifications).toHaveBeenCalledTimes(2);
    const [[, first], [, second]] = verifications.mock.calls as unknown[][];
    expect(first).toBeInstanceOf(KeyObject);
    expect(second).toBe(first);
  });

  it('does not take a tampered token for the cached one it starts like', async () => {
    const token = signed(gatewayKey, claims({ sub: 'cl_tamper' }));
    expect((await me(token)).status).toBe(200);
    const [header, , signature] = token.split('.');
    const promoted = Buffer.from(JSON.stringify(claims({ sub: 'cl_tamper', roles: ['admin'] }))).toString(
      'base64url',
    );
    expect((await me(`${header}.${promoted}.${signature}`)).status).toBe(401);
    const flipped = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await me(flipped)).status).toBe(401);
    expect((await me(`${token}x`)).status).toBe(401);
    expect(verifications).toHaveBeenCalledTimes(4);
  });

  it('never remembers a refused token', async () => {
    const wrongAudience = signed(gatewayKey, claims({ aud: 'billing-api' }));
    const byImpostor = signed(impostorKey, claims({ sub: 'cl_impostor' }));
    for (let i = 0; i < 2; i += 1) {
      expect((await me(wrongAudience)).status).toBe(401);
      expect((await me(byImpostor)).status).toBe(401);
    }
    expect(verifications).toHaveBeenCalledTimes(4);
  });

  it('does not remember a token past its exp (accepted within the clock tolerance)', async () => {
    const late = signed(gatewayKey, claims({ sub: 'cl_late', exp: nowSeconds() - 5 }));
    expect((await me(late)).status).toBe(200);
    expect((await me(late)).status).toBe(200);
    expect(verifications).toHaveBeenCalledTimes(2);
  });

  it('refuses a cached token once its key is no longer published', async () => {
    const token = signed(gatewayKey, claims({ sub: 'cl_retired_key' }));
    expect((await me(token)).status).toBe(200);
    resolver.failWith = new Error('no key gw-2025-01');
    expect((await me(token)).status).toBe(401);
    resolver.failWith = undefined;
    expect((await me(token)).status).toBe(200);
    expect(verifications).toHaveBeenCalledTimes(2);
  });

  it('refuses a cached token when its kid now names another key', async () => {
    const token = signed(gatewayKey, claims({ sub: 'cl_replaced_key' }));
    expect((await me(token)).status).toBe(200);
    resolver.add(GATEWAY, impostorKey);
    expect((await me(token)).status).toBe(401);
  });

  it('answers 503 for a cached token whose keys cannot be fetched, as for any other', async () => {
    const token = signed(gatewayKey, claims({ sub: 'cl_keys_down' }));
    expect((await me(token)).status).toBe(200);
    resolver.failWith = new SigningKeysUnavailableError(GATEWAY);
    expect((await me(token)).status).toBe(503);
  });
});

describe('the cache of verified tokens', () => {
  it('holds no more tokens than it may', async () => {
    const { app, me } = await appWith({ maxEntries: 2 });
    try {
      const [a, b, c] = ['cl_a', 'cl_b', 'cl_c'].map((sub) => signed(gatewayKey, claims({ sub })));
      for (const token of [a, b, c, c, b]) expect((await me(token)).status).toBe(200);
      verifications.mockClear();
      expect((await me(a)).status).toBe(200); // pushed out by c
      expect(verifications).toHaveBeenCalledTimes(1);
    } finally {
      await app.close();
    }
  });

  it('can be turned off: then every request verifies its token', async () => {
    const { app, me } = await appWith(false);
    try {
      verifications.mockClear();
      const token = signed(gatewayKey, claims({ sub: 'cl_uncached' }));
      for (let i = 0; i < 3; i += 1) expect((await me(token)).status).toBe(200);
      expect(verifications).toHaveBeenCalledTimes(3);
    } finally {
      await app.close();
    }
  });
});
