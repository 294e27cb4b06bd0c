import { SystemClock } from '@referral/platform-database';
import { resolveAuthOptions, SigningKeysUnavailableError } from '@referral/platform-auth';
import type { GatewayEnv } from '../config';
import { LocalSigningKeyResolver } from './local-signing-key.resolver';
import type { SigningKeyRepository } from './signing-key.repository';

describe('LocalSigningKeyResolver', () => {
  const gateway = 'urn:specialist-referral:gateway';
  const options = resolveAuthOptions({
    issuer: gateway,
    audience: 'specialist-referral-api',
    jwksUrl: 'http://127.0.0.1:1/.well-known/jwks.json',
    trustedIssuers: [],
    clockToleranceSeconds: 30,
  });
  const env = { JWT_TTL_SECONDS: 900 } as GatewayEnv;
  let findPublishedByKid: jest.Mock;
  let resolver: LocalSigningKeyResolver;

  beforeEach(() => {
    findPublishedByKid = jest.fn(async (kid: string) =>
      kid === 'known' ? { kid, publicKeyPem: 'PEM-of-known' } : null,
    );
    resolver = new LocalSigningKeyResolver(
      { findPublishedByKid } as unknown as SigningKeyRepository,
      env,
      options,
      new SystemClock(),
    );
  });

  it("answers the gateway's published key and reads the table once while it is cached", async () => {
    await expect(resolver.resolve(gateway, 'known')).resolves.toBe('PEM-of-known');
    await expect(resolver.resolve(gateway, 'known')).resolves.toBe('PEM-of-known');
    expect(findPublishedByKid).toHaveBeenCalledTimes(1);
  });

  it('asks only for keys retired within the token lifetime and its margin', async () => {
    const before = Date.now();
    await resolver.resolve(gateway, 'known');
    const retiredAfter = findPublishedByKid.mock.calls[0][1] as Date;
    expect(before - retiredAfter.getTime()).toBeGreaterThanOrEqual(900_000);
    expect(before - retiredAfter.getTime()).toBeLessThan(900_000 + 600_000);
  });

  it('refuses an unknown kid, and a token without one', async () => {
    await expect(resolver.resolve(gateway, 'made-up')).rejects.toThrow(/no published key/);
    await expect(resolver.resolve(gateway, undefined)).rejects.toThrow(/kid/);
  });

  it('finds a key created after an earlier miss once the short miss cache has passed', async () => {
    jest.useFakeTimers({ now: Date.now() });
    try {
      findPublishedByKid.mockResolvedValueOnce(null);
      await expect(resolver.resolve(gateway, 'known')).rejects.toThrow();
      jest.advanceTimersByTime(1_001);
      await expect(resolver.resolve(gateway, 'known')).resolves.toBe('PEM-of-known');
    } finally {
      jest.useRealTimers();
    }
  });

  it('says the keys are unavailable (503, not 401) when the database fails', async () => {
    findPublishedByKid.mockRejectedValueOnce(new Error('connection refused'));
    await expect(resolver.resolve(gateway, 'known')).rejects.toBeInstanceOf(SigningKeysUnavailableError);
  });

  it('never looks in its own table for another issuer', async () => {
    await expect(resolver.resolve('https://idp.example.org', 'known')).rejects.toThrow(/not trusted/);
    expect(findPublishedByKid).not.toHaveBeenCalled();
  });
});
