import { ConfigError, loadEnv, ServiceEnv } from '@referral/platform-config';
import { authOptionsFromEnv, resolveAuthOptions } from './auth-options';
import { JwksKeyResolver } from './jwks-key-resolver';
import { PlatformAuthModule } from './platform-auth.module';
import { SIGNING_KEY_RESOLVER } from './signing-key-resolver';

const required = {
  PORT: '3001',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  DATABASE_NAME: 'referrals',
  KAFKA_BROKERS: '127.0.0.1:9092',
};

function problemsOf(source: Record<string, string>): string {
  try {
    loadEnv(ServiceEnv, { ...required, ...source });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.join('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('authOptionsFromEnv', () => {
  it('trusts the local gateway only, by default', () => {
    expect(authOptionsFromEnv(loadEnv(ServiceEnv, required))).toEqual({
      issuer: 'urn:specialist-referral:gateway',
      audience: 'specialist-referral-api',
      jwksUrl: 'http://127.0.0.1:3000/.well-known/jwks.json',
      trustedIssuers: [],
      clockToleranceSeconds: 30,
    });
  });

  it('reads trusted external issuers, with or without their own audience', () => {
    const env = loadEnv(ServiceEnv, {
      ...required,
      AUTH_TRUSTED_ISSUERS:
        'https://idp.example.pk/realms/a|https://idp.example.pk/realms/a/certs, urn:b|http://b:8080/jwks|b-api',
      AUTH_CLOCK_TOLERANCE_SECONDS: '5',
    });
    const options = authOptionsFromEnv(env);
    expect(options.trustedIssuers).toEqual([
      { issuer: 'https://idp.example.pk/realms/a', jwksUrl: 'https://idp.example.pk/realms/a/certs' },
      { issuer: 'urn:b', jwksUrl: 'http://b:8080/jwks', audience: 'b-api' },
    ]);
    expect(options.clockToleranceSeconds).toBe(5);
    const audiences = [...resolveAuthOptions(options).issuers.values()].map((p) => [p.issuer, p.audience]);
    expect(audiences).toEqual([
      ['urn:specialist-referral:gateway', 'specialist-referral-api'],
      ['https://idp.example.pk/realms/a', 'specialist-referral-api'],
      ['urn:b', 'b-api'],
    ]);
  });

  it('names each malformed variable', () => {
    expect(problemsOf({ AUTH_TRUSTED_ISSUERS: 'https://idp.example.pk' })).toMatch(/AUTH_TRUSTED_ISSUERS/);
    expect(problemsOf({ AUTH_TRUSTED_ISSUERS: 'a|ftp://x/certs' })).toMatch(/AUTH_TRUSTED_ISSUERS/);
    expect(problemsOf({ AUTH_JWKS_URL: 'gateway:3000/jwks' })).toMatch(/AUTH_JWKS_URL/);
    expect(problemsOf({ AUTH_AUDIENCE: 'two words' })).toMatch(/AUTH_AUDIENCE/);
    expect(problemsOf({ AUTH_CLOCK_TOLERANCE_SECONDS: '3600' })).toMatch(/AUTH_CLOCK_TOLERANCE_SECONDS/);
  });
});

describe('resolveAuthOptions', () => {
  const base = {
    issuer: 'urn:gw',
    audience: 'api',
    jwksUrl: 'http://gw/jwks',
    trustedIssuers: [],
    clockToleranceSeconds: 30,
  };

  it('refuses an issuer configured twice (whose keys and audience would win?)', () => {
    expect(() =>
      resolveAuthOptions({ ...base, trustedIssuers: [{ issuer: 'urn:gw', jwksUrl: 'http://x/jwks' }] }),
    ).toThrow(/twice/);
  });

  it('refuses a negative clock tolerance', () => {
    expect(() => resolveAuthOptions({ ...base, clockToleranceSeconds: -1 })).toThrow(/clockTolerance/);
  });
});

describe('PlatformAuthModule.forRoot', () => {
  const base = {
    issuer: 'urn:gw',
    audience: 'api',
    jwksUrl: 'http://gw/jwks',
    trustedIssuers: [],
    clockToleranceSeconds: 30,
  };
  const resolverOf = (module: ReturnType<typeof PlatformAuthModule.forRoot>) =>
    module.providers?.find((p) => typeof p === 'object' && p.provide === SIGNING_KEY_RESOLVER);

  it('resolves keys through the JWKS unless told otherwise', () => {
    expect(resolverOf(PlatformAuthModule.forRoot(base))).toEqual({
      provide: SIGNING_KEY_RESOLVER,
      useClass: JwksKeyResolver,
    });
  });

  it('takes a replacement resolver as a class or as a provider of SIGNING_KEY_RESOLVER only', () => {
    class LocalKeys {
      resolve = async () => 'pem';
    }
    expect(resolverOf(PlatformAuthModule.forRoot({ ...base, resolver: LocalKeys }))).toEqual({
      provide: SIGNING_KEY_RESOLVER,
      useClass: LocalKeys,
    });
    expect(() =>
      PlatformAuthModule.forRoot({ ...base, resolver: { provide: 'keys', useClass: LocalKeys } }),
    ).toThrow(/SIGNING_KEY_RESOLVER/);
  });
});
