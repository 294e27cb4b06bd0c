import { createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveAuthOptions, type JwksTuning } from './auth-options';
import { JwksKeyResolver } from './jwks-key-resolver';
import { SigningKeysUnavailableError } from './signing-key-resolver';
import { AUDIENCE, EXTERNAL, GATEWAY, rsaKey, type TestKey } from './test/tokens';

const jwk = (publicKey: KeyObject, kid: string, alg?: string) => ({
  ...publicKey.export({ format: 'jwk' }),
  kid,
  ...(alg && { alg }),
  use: 'sig',
});
const rsaJwk = (key: TestKey, alg = 'RS256') => jwk(createPublicKey(key.publicPem), key.kid, alg);
/** PEM text may differ (line ends); the key may not. */
const keyOf = (key: string | KeyObject) =>
  (typeof key === 'string' ? createPublicKey(key) : key)
    .export({ format: 'der', type: 'spki' })
    .toString('hex');

/** A JWKS per path, and how often each was asked. */
const published = new Map<string, object[]>();
const requests = new Map<string, number>();
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = request.url ?? '';
    requests.set(path, (requests.get(path) ?? 0) + 1);
    const keys = published.get(path);
    response.statusCode = keys ? 200 : 500;
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(keys ? { keys } : { error: 'boom' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  published.clear();
  requests.clear();
});

function resolverFor(jwks: Partial<JwksTuning> = {}, gatewayPath = '/gateway/jwks.json') {
  return new JwksKeyResolver(
    resolveAuthOptions({
      issuer: GATEWAY,
      audience: AUDIENCE,
      jwksUrl: `${base}${gatewayPath}`,
      trustedIssuers: [{ issuer: EXTERNAL, jwksUrl: `${base}/idp/certs` }],
      clockToleranceSeconds: 30,
      jwks,
    }),
  );
}

describe('JwksKeyResolver', () => {
  const current = rsaKey('gw-2025-01');
  const next = rsaKey('gw-2025-02');
  const partner = rsaKey('idp-1');

  it("finds the issuer's key by kid in its JWKS, and keeps it", async () => {
    published.set('/gateway/jwks.json', [rsaJwk(current)]);
    const resolver = resolverFor();
    expect(keyOf(await resolver.resolve(GATEWAY, current.kid))).toBe(keyOf(current.publicPem));
    expect(keyOf(await resolver.resolve(GATEWAY, current.kid))).toBe(keyOf(current.publicPem));
    expect(requests.get('/gateway/jwks.json')).toBe(1);
  });

  it('answers the parsed key, the very same object while the key is cached (no parse per request)', async () => {
    published.set('/gateway/jwks.json', [rsaJwk(current)]);
    const resolver = resolverFor();
    const first = await resolver.resolve(GATEWAY, current.kid);
    expect(first).toBeInstanceOf(KeyObject);
    expect(await resolver.resolve(GATEWAY, current.kid)).toBe(first);
  });

  it('asks each issuer its own JWKS', async () => {
    published.set('/gateway/jwks.json', [rsaJwk(current)]);
    published.set('/idp/certs', [rsaJwk(partner)]);
    const resolver = resolverFor();
    expect(keyOf(await resolver.resolve(EXTERNAL, partner.kid))).toBe(keyOf(partner.publicPem));
    await expect(resolver.resolve(EXTERNAL, current.kid)).rejects.toThrow();
    expect(requests.get('/gateway/jwks.json')).toBeUndefined();
  });

  it('refuses an issuer that is not configured, and a missing kid, without asking anyone', async () => {
    published.set('/gateway/jwks.json', [rsaJwk(current)]);
    const resolver = resolverFor();
    await expect(resolver.resolve('https://evil.example', current.kid)).rejects.toThrow(/not trusted/);
    await expect(resolver.resolve(GATEWAY, undefined)).rejects.toThrow(/kid/);
    expect(requests.size).toBe(0);
  });

  it('does not ask again within the cooldown for a kid it does not know', async () => {
    published.set('/gateway/jwks.json', [rsaJwk(current)]);
    const resolver = resolverFor();
    await resolver.resolve(GATEWAY, current.kid);
    published.set('/gateway/jwks.json', [rsaJwk(current), rsaJwk(next)]);
    for (const kid of ['made-up-1', 'made-up-2', next.kid]) {
      await expect(resolver.resolve(GATEWAY, kid)).rejects.toThrow();
    }
    expect(requests.get('/gateway/jwks.json')).toBe(1);
  });

  it('finds a key published after the cooldown (rotation)', async () => {
    published.set('/gateway/jwks.json', [rsaJwk(current)]);
    const resolver = resolverFor({ cooldownMs: 0 });
    await resolver.resolve(GATEWAY, current.kid);
    published.set('/gateway/jwks.json', [rsaJwk(current), rsaJwk(next)]);
    expect(keyOf(await resolver.resolve(GATEWAY, next.kid))).toBe(keyOf(next.publicPem));
    expect(requests.get('/gateway/jwks.json')).toBe(2);
  });

  it('stops asking beyond its rate limit', async () => {
    published.set('/gateway/jwks.json', [rsaJwk(current)]);
    const resolver = resolverFor({ cooldownMs: 0, requestsPerMinute: 2 });
    for (const kid of ['a', 'b', 'c', 'd']) await expect(resolver.resolve(GATEWAY, kid)).rejects.toThrow();
    expect(requests.get('/gateway/jwks.json')).toBe(2);
  });

  it('says the keys are unavailable when the JWKS does not answer', async () => {
    const resolver = resolverFor({}, '/gateway/down');
    await expect(resolver.resolve(GATEWAY, current.kid)).rejects.toBeInstanceOf(SigningKeysUnavailableError);
  });

  it('refuses keys that are not RS256 RSA keys', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    published.set('/gateway/jwks.json', [jwk(ec, 'ec-1', 'ES256'), jwk(ec, 'ec-2'), rsaJwk(next, 'RS512')]);
    const resolver = resolverFor({ cooldownMs: 0 });
    for (const kid of ['ec-1', 'ec-2', next.kid]) {
      await expect(resolver.resolve(GATEWAY, kid)).rejects.toThrow();
    }
  });
});
