import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { ConfigError, loadEnv } from '@referral/platform-config';
import {
  DEVELOPMENT_CONTACTS_SECRET,
  DEVELOPMENT_IDEMPOTENCY_ENCRYPTION_KEY,
  DEVELOPMENT_SIGNING_KEY_ENCRYPTION_KEY,
  GatewayEnv,
  tokenEndpointUrl,
} from './config';

const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  KAFKA_BROKERS: '127.0.0.1:9092',
};

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    loadEnv(GatewayEnv, source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

const rsaPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

describe('GatewayEnv', () => {
  it('has the documented development defaults', () => {
    const env = loadEnv(GatewayEnv, base);
    expect(env).toMatchObject({
      JWT_TTL_SECONDS: 900,
      BOOTSTRAP_ADMIN_CLIENT_ID: 'dev-admin',
      BOOTSTRAP_ADMIN_CLIENT_SECRET: 'dev-admin-secret-change-me',
      BOOTSTRAP_ADMIN_ORGANIZATION_ID: '00000000-0000-4000-8000-000000000001',
    });
    expect(env.JWT_SIGNING_KEY_PEM).toBeUndefined();
  });

  it("takes the public URL that names the token endpoint (a client assertion's aud)", () => {
    expect(tokenEndpointUrl(loadEnv(GatewayEnv, base))).toBe('http://127.0.0.1:3000/v1/auth/token');
    const env = loadEnv(GatewayEnv, { ...base, PUBLIC_URL: 'https://api.referrals.example.pk/' });
    expect(tokenEndpointUrl(env)).toBe('https://api.referrals.example.pk/v1/auth/token');
    expect(problemsOf({ ...base, PUBLIC_URL: 'api.referrals.example.pk' }).join()).toMatch(/PUBLIC_URL/);
    expect(problemsOf({ ...base, PUBLIC_URL: 'https://x.example.pk/?a=1' }).join()).toMatch(/PUBLIC_URL/);
  });

  it('keeps the token lifetime between a minute and a day', () => {
    expect(problemsOf({ ...base, JWT_TTL_SECONDS: '59' }).join()).toMatch(/JWT_TTL_SECONDS/);
    expect(problemsOf({ ...base, JWT_TTL_SECONDS: '86401' }).join()).toMatch(/JWT_TTL_SECONDS/);
    expect(loadEnv(GatewayEnv, { ...base, JWT_TTL_SECONDS: '60' }).JWT_TTL_SECONDS).toBe(60);
  });

  describe('in production', () => {
    const keys = {
      IDEMPOTENCY_ENCRYPTION_KEY: `k1:${randomBytes(32).toString('base64')}`,
      SIGNING_KEY_ENCRYPTION_KEY: `k1:${randomBytes(32).toString('base64')}`,
    };
    const production = { ...base, ...keys, NODE_ENV: 'production' };
    const grade = { ...production, BOOTSTRAP_ADMIN_CLIENT_SECRET: 'x'.repeat(24) };

    it('refuses the development encryption keys (the defaults), naming them without their value', () => {
      for (const name of ['IDEMPOTENCY_ENCRYPTION_KEY', 'SIGNING_KEY_ENCRYPTION_KEY'] as const) {
        const development =
          name === 'IDEMPOTENCY_ENCRYPTION_KEY'
            ? DEVELOPMENT_IDEMPOTENCY_ENCRYPTION_KEY
            : DEVELOPMENT_SIGNING_KEY_ENCRYPTION_KEY;
        const { [name]: _unset, ...unset } = grade;
        for (const source of [{ ...grade, [name]: development }, unset]) {
          const problems = problemsOf(source);
          expect(problems).toEqual([expect.stringContaining(name)]);
          expect(problems[0]).not.toContain(development.slice(6));
        }
        // An older development key kept for reading is a development key too.
        expect(problemsOf({ ...grade, [name]: `${keys[name]},${development}` })).toHaveLength(1);
      }
      expect(loadEnv(GatewayEnv, grade).IDEMPOTENCY_ENCRYPTION_KEY).toBe(keys.IDEMPOTENCY_ENCRYPTION_KEY);
    });

    it('refuses to start with the development admin secret', () => {
      const problems = problemsOf(production);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/BOOTSTRAP_ADMIN_CLIENT_SECRET/);
      expect(problems[0]).not.toContain('dev-admin-secret-change-me');
    });

    it('refuses a secret shorter than 24 characters, and takes a long one', () => {
      expect(problemsOf({ ...production, BOOTSTRAP_ADMIN_CLIENT_SECRET: 'x'.repeat(23) })).toHaveLength(1);
      expect(() =>
        loadEnv(GatewayEnv, { ...production, BOOTSTRAP_ADMIN_CLIENT_SECRET: 'x'.repeat(24) }),
      ).not.toThrow();
    });
  });

  it('refuses malformed encryption keys, naming the variable but never printing the value', () => {
    const secret = randomBytes(16).toString('base64'); // 16 bytes: not AES-256
    for (const name of ['IDEMPOTENCY_ENCRYPTION_KEY', 'SIGNING_KEY_ENCRYPTION_KEY']) {
      for (const bad of [`k1:${secret}`, `k1:${randomBytes(32).toString('base64')},k1:${secret}`, 'k1:%%%']) {
        const problems = problemsOf({ ...base, [name]: bad });
        expect(problems).toEqual([expect.stringContaining(name)]);
        expect(problems[0]).not.toContain(secret);
      }
    }
  });

  it('takes rotated keyrings: the current key first, older ones after', () => {
    const ring = `new:${randomBytes(32).toString('base64')},old:${randomBytes(32).toString('base64')}`;
    expect(
      loadEnv(GatewayEnv, { ...base, IDEMPOTENCY_ENCRYPTION_KEY: ring }).IDEMPOTENCY_ENCRYPTION_KEY,
    ).toBe(ring);
  });

  it('lets development and test run with a short or default secret', () => {
    expect(() =>
      loadEnv(GatewayEnv, { ...base, NODE_ENV: 'test', BOOTSTRAP_ADMIN_CLIENT_SECRET: 'short' }),
    ).not.toThrow();
  });

  it('takes the contacts client (role contact-reader) only with both its id and a secret of 16 or more', () => {
    const secret = 'contacts-secret-0123456789';
    expect(problemsOf({ ...base, BOOTSTRAP_CONTACTS_CLIENT_ID: 'notifications' }).join()).toMatch(
      /BOOTSTRAP_CONTACTS_CLIENT_SECRET/,
    );
    expect(problemsOf({ ...base, BOOTSTRAP_CONTACTS_CLIENT_SECRET: secret }).join()).toMatch(
      /BOOTSTRAP_CONTACTS_CLIENT_ID/,
    );
    const short = problemsOf({
      ...base,
      BOOTSTRAP_CONTACTS_CLIENT_ID: 'notifications',
      BOOTSTRAP_CONTACTS_CLIENT_SECRET: 'short',
    });
    expect(short.join()).toMatch(/BOOTSTRAP_CONTACTS_CLIENT_SECRET/);
    expect(short.join()).not.toContain('short');
    expect(
      loadEnv(GatewayEnv, {
        ...base,
        BOOTSTRAP_CONTACTS_CLIENT_ID: 'notifications',
        BOOTSTRAP_CONTACTS_CLIENT_SECRET: secret,
      }),
    ).toMatchObject({ BOOTSTRAP_CONTACTS_CLIENT_ID: 'notifications' });
    const development = {
      ...base,
      BOOTSTRAP_CONTACTS_CLIENT_ID: 'notifications',
      BOOTSTRAP_CONTACTS_CLIENT_SECRET: DEVELOPMENT_CONTACTS_SECRET,
    };
    expect(() => loadEnv(GatewayEnv, development)).not.toThrow();
    expect(problemsOf({ ...development, NODE_ENV: 'production' }).join()).toMatch(
      /BOOTSTRAP_CONTACTS_CLIENT_SECRET/,
    );
  });

  it('takes an operator signing key only with its id, and only an RSA key of 2048 bits or more', () => {
    expect(problemsOf({ ...base, JWT_SIGNING_KEY_PEM: rsaPem }).join()).toMatch(/JWT_SIGNING_KEY_ID/);
    expect(problemsOf({ ...base, JWT_SIGNING_KEY_ID: 'ops-1' }).join()).toMatch(/JWT_SIGNING_KEY_PEM/);
    expect(
      problemsOf({ ...base, JWT_SIGNING_KEY_ID: 'ops-1', JWT_SIGNING_KEY_PEM: 'not a key' }).join(),
    ).toMatch(/JWT_SIGNING_KEY_PEM/);
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    expect(
      problemsOf({ ...base, JWT_SIGNING_KEY_ID: 'ops-1', JWT_SIGNING_KEY_PEM: small.toString() }).join(),
    ).toMatch(/2048/);
    const oneLine = rsaPem.replace(/\n/g, '\\n');
    expect(
      loadEnv(GatewayEnv, { ...base, JWT_SIGNING_KEY_ID: 'ops-1', JWT_SIGNING_KEY_PEM: oneLine })
        .JWT_SIGNING_KEY_ID,
    ).toBe('ops-1');
  });
});
