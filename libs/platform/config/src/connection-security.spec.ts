import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { databaseSsl, kafkaConnectionSecurity } from './connection-security';
import { ConfigError, KafkaClientEnv, loadEnv, ServiceEnv } from './env';

const base = {
  PORT: '3001',
  DATABASE_URL: 'postgres://referrals@db.example.internal:5432/postgres',
  DATABASE_NAME: 'referrals',
  KAFKA_BROKERS: 'kafka-0.example.internal:9093',
};

let dir: string;
let ca: string;
let cert: string;
let key: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'connection-security-'));
  // Synthetic PEM-shaped text: these tests check what is read and passed on, not TLS itself.
  ca = path.join(dir, 'ca.crt');
  cert = path.join(dir, 'tls.crt');
  key = path.join(dir, 'tls.key');
  writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nsynthetic-ca\n-----END CERTIFICATE-----\n');
  writeFileSync(cert, '-----BEGIN CERTIFICATE-----\nsynthetic-client\n-----END CERTIFICATE-----\n');
  writeFileSync(key, '-----BEGIN PRIVATE KEY-----\nsynthetic-key\n-----END PRIVATE KEY-----\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problemsOf(
  source: Record<string, string>,
  cls: typeof ServiceEnv | typeof KafkaClientEnv = ServiceEnv,
) {
  try {
    loadEnv(cls, source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.join('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('Kafka TLS and SASL (KAFKA_SSL*, KAFKA_SASL_*)', () => {
  it('is plaintext without authentication by default', () => {
    expect(kafkaConnectionSecurity(loadEnv(ServiceEnv, base))).toEqual({});
  });

  it('turns TLS on with the CAs Node trusts when no file is given', () => {
    expect(kafkaConnectionSecurity(loadEnv(ServiceEnv, { ...base, KAFKA_SSL: 'true' }))).toEqual({
      ssl: true,
    });
  });

  it('reads the CA and the client certificate and key, and always verifies the brokers', () => {
    const env = loadEnv(ServiceEnv, {
      ...base,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: ca,
      KAFKA_SSL_CERT_FILE: cert,
      KAFKA_SSL_KEY_FILE: key,
    });
    expect(kafkaConnectionSecurity(env).ssl).toEqual({
      ca: expect.stringContaining('synthetic-ca'),
      cert: expect.stringContaining('synthetic-client'),
      key: expect.stringContaining('synthetic-key'),
      rejectUnauthorized: true,
    });
  });

  it.each(['scram-sha-256', 'scram-sha-512', 'plain'] as const)(
    'passes SASL %s with its user',
    (mechanism) => {
      const env = loadEnv(ServiceEnv, {
        ...base,
        KAFKA_SSL: 'true',
        KAFKA_SASL_MECHANISM: mechanism,
        KAFKA_SASL_USERNAME: 'referrals',
        KAFKA_SASL_PASSWORD: 'synthetic-password',
      });
      expect(kafkaConnectionSecurity(env)).toEqual({
        ssl: true,
        sasl: { mechanism, username: 'referrals', password: 'synthetic-password' },
      });
    },
  );

  it('refuses a file without TLS, a certificate without its key, and a relative path', () => {
    expect(problemsOf({ ...base, KAFKA_SSL_CA_FILE: ca })).toMatch(
      /KAFKA_SSL_CA_FILE is set but KAFKA_SSL is not true/,
    );
    expect(problemsOf({ ...base, KAFKA_SSL: 'true', KAFKA_SSL_KEY_FILE: key })).toMatch(
      /KAFKA_SSL_KEY_FILE and KAFKA_SSL_CERT_FILE go together/,
    );
    expect(problemsOf({ ...base, KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: 'ca.crt' })).toMatch(
      /KAFKA_SSL_CA_FILE must be an absolute file path/,
    );
    expect(problemsOf({ ...base, KAFKA_SSL: 'yes' })).toMatch(/KAFKA_SSL/);
  });

  it('refuses a mechanism without its user, a user without a mechanism, and an unknown mechanism', () => {
    const missing = problemsOf({ ...base, KAFKA_SASL_MECHANISM: 'scram-sha-512' });
    expect(missing).toMatch(/KAFKA_SASL_USERNAME must be one line \(required with KAFKA_SASL_MECHANISM\)/);
    expect(missing).toMatch(/KAFKA_SASL_PASSWORD must be one line \(required with KAFKA_SASL_MECHANISM\)/);
    expect(problemsOf({ ...base, KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toMatch(
      /KAFKA_SASL_USERNAME is set but KAFKA_SASL_MECHANISM is not set/,
    );
    expect(problemsOf({ ...base, KAFKA_SASL_MECHANISM: 'gssapi' })).toMatch(/KAFKA_SASL_MECHANISM/);
  });

  it('refuses SASL plain without TLS in production, and never names the password', () => {
    const plain = {
      ...base,
      NODE_ENV: 'production',
      KAFKA_SASL_MECHANISM: 'plain',
      KAFKA_SASL_USERNAME: 'referrals',
      KAFKA_SASL_PASSWORD: 'synthetic-password',
    };
    const problems = problemsOf(plain, KafkaClientEnv);
    expect(problems).toMatch(/in production SASL plain needs KAFKA_SSL=true/);
    expect(problems).not.toContain('synthetic-password');
    expect(
      kafkaConnectionSecurity(loadEnv(KafkaClientEnv, { ...plain, KAFKA_SSL: 'true' })).sasl?.mechanism,
    ).toBe('plain');
  });

  it('names the variable of a file it cannot read', () => {
    const env = loadEnv(ServiceEnv, {
      ...base,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: path.join(dir, 'missing.crt'),
    });
    expect(() => kafkaConnectionSecurity(env)).toThrow(
      /KAFKA_SSL_CA_FILE: cannot read .*missing\.crt \(ENOENT\)/,
    );
  });

  it('is all the topics job needs: KafkaClientEnv loads without the database and the port', () => {
    const env = loadEnv(KafkaClientEnv, { KAFKA_BROKERS: base.KAFKA_BROKERS, KAFKA_TOPIC_PARTITIONS: '6' });
    expect(env.KAFKA_TOPIC_PARTITIONS).toBe(6);
    expect(env.KAFKA_TOPIC_REPLICATION_FACTOR).toBe(1);
  });
});

describe('PostgreSQL TLS (DATABASE_SSL_MODE, DATABASE_SSL_*_FILE)', () => {
  it('is off by default', () => {
    expect(databaseSsl(loadEnv(ServiceEnv, base))).toBeUndefined();
  });

  it('require: encrypted, the certificate not checked', () => {
    expect(databaseSsl(loadEnv(ServiceEnv, { ...base, DATABASE_SSL_MODE: 'require' }))).toEqual({
      rejectUnauthorized: false,
    });
  });

  it('verify-ca: the chain checked against the CA file, not the host name', () => {
    const ssl = databaseSsl(
      loadEnv(ServiceEnv, { ...base, DATABASE_SSL_MODE: 'verify-ca', DATABASE_SSL_CA_FILE: ca }),
    );
    expect(ssl).toMatchObject({ ca: expect.stringContaining('synthetic-ca'), rejectUnauthorized: true });
    expect(ssl?.checkServerIdentity?.()).toBeUndefined();
  });

  it('verify-full: the chain and the host name (Node checks the name unless told otherwise)', () => {
    const env = loadEnv(ServiceEnv, {
      ...base,
      DATABASE_SSL_MODE: 'verify-full',
      DATABASE_SSL_CA_FILE: ca,
      DATABASE_SSL_CERT_FILE: cert,
      DATABASE_SSL_KEY_FILE: key,
    });
    expect(databaseSsl(env)).toEqual({
      ca: expect.stringContaining('synthetic-ca'),
      cert: expect.stringContaining('synthetic-client'),
      key: expect.stringContaining('synthetic-key'),
      rejectUnauthorized: true,
    });
  });

  it('refuses files without TLS, TLS set in the URL too, and an unknown mode', () => {
    expect(problemsOf({ ...base, DATABASE_SSL_CA_FILE: ca })).toMatch(
      /DATABASE_SSL_CA_FILE is set but DATABASE_SSL_MODE is not require, verify-ca or verify-full/,
    );
    expect(
      problemsOf({
        ...base,
        DATABASE_URL: `${base.DATABASE_URL}?sslmode=require`,
        DATABASE_SSL_MODE: 'verify-full',
      }),
    ).toMatch(/DATABASE_URL carries TLS parameters too/);
    expect(problemsOf({ ...base, DATABASE_SSL_MODE: 'prefer' })).toMatch(/DATABASE_SSL_MODE/);
    expect(problemsOf({ ...base, DATABASE_SSL_MODE: 'require', DATABASE_SSL_CERT_FILE: cert })).toMatch(
      /DATABASE_SSL_CERT_FILE and DATABASE_SSL_KEY_FILE go together/,
    );
  });

  it('leaves sslmode in DATABASE_URL to pg when DATABASE_SSL_MODE is not set', () => {
    const env = loadEnv(ServiceEnv, { ...base, DATABASE_URL: `${base.DATABASE_URL}?sslmode=no-verify` });
    expect(databaseSsl(env)).toBeUndefined();
  });
});
