import { readFileSync } from 'node:fs';
import { ConfigError, databaseTlsOn, type ServiceEnv } from './env';

/** TLS options for Node's `tls.connect` (what kafkajs' `ssl` and pg's `ssl` take). */
export interface TlsOptions {
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized?: boolean;
  /** Returns undefined: the certificate's chain is checked, not the host it was issued to. */
  checkServerIdentity?: () => undefined;
}

type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/** kafkajs' `sasl` for the mechanisms we offer (one object type per mechanism, as kafkajs types it). */
export type KafkaSasl = {
  [M in SaslMechanism]: { mechanism: M; username: string; password: string };
}[SaslMechanism];

export interface KafkaConnectionSecurity {
  ssl?: TlsOptions | true;
  sasl?: KafkaSasl;
}

type KafkaSecurityEnv = Pick<
  ServiceEnv,
  | 'KAFKA_SSL'
  | 'KAFKA_SSL_CA_FILE'
  | 'KAFKA_SSL_CERT_FILE'
  | 'KAFKA_SSL_KEY_FILE'
  | 'KAFKA_SASL_MECHANISM'
  | 'KAFKA_SASL_USERNAME'
  | 'KAFKA_SASL_PASSWORD'
>;

type DatabaseSecurityEnv = Pick<
  ServiceEnv,
  'DATABASE_SSL_MODE' | 'DATABASE_SSL_CA_FILE' | 'DATABASE_SSL_CERT_FILE' | 'DATABASE_SSL_KEY_FILE'
>;

/** The PEM files named by the variables, read once at boot; an unreadable one is a ConfigError naming it. */
function readPemFiles(files: Record<string, string | undefined>): Record<string, string | undefined> {
  const problems: string[] = [];
  const contents = Object.fromEntries(
    Object.entries(files).map(([name, file]) => {
      if (file === undefined) return [name, undefined];
      try {
        return [name, readFileSync(file, 'utf8')];
      } catch (error) {
        problems.push(`${name}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
        return [name, undefined];
      }
    }),
  );
  if (problems.length) throw new ConfigError(problems);
  return contents;
}

/** Only the options that are set: kafkajs and pg treat a present `ca: undefined` differently from none. */
function defined<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as T;
}

/**
 * kafkajs' `ssl` and `sasl` from the environment (KAFKA_SSL*, KAFKA_SASL_*): TLS with the brokers'
 * certificates always verified (against KAFKA_SSL_CA_FILE, or the CAs Node trusts), a client
 * certificate when given, SASL PLAIN or SCRAM when a mechanism is set.
 */
export function kafkaConnectionSecurity(env: KafkaSecurityEnv): KafkaConnectionSecurity {
  const security: KafkaConnectionSecurity = {};
  if (env.KAFKA_SSL === 'true') {
    const pem = readPemFiles({
      KAFKA_SSL_CA_FILE: env.KAFKA_SSL_CA_FILE,
      KAFKA_SSL_CERT_FILE: env.KAFKA_SSL_CERT_FILE,
      KAFKA_SSL_KEY_FILE: env.KAFKA_SSL_KEY_FILE,
    });
    const tls = defined({
      ca: pem.KAFKA_SSL_CA_FILE,
      cert: pem.KAFKA_SSL_CERT_FILE,
      key: pem.KAFKA_SSL_KEY_FILE,
    });
    security.ssl = Object.keys(tls).length ? { ...tls, rejectUnauthorized: true } : true;
  }
  if (env.KAFKA_SASL_MECHANISM) {
    security.sasl = {
      mechanism: env.KAFKA_SASL_MECHANISM,
      username: env.KAFKA_SASL_USERNAME ?? '',
      password: env.KAFKA_SASL_PASSWORD ?? '',
    } as KafkaSasl;
  }
  return security;
}

/**
 * pg's `ssl` from DATABASE_SSL_MODE and its files, with libpq's meaning of the modes: `require`
 * encrypts without checking the certificate, `verify-ca` checks its chain, `verify-full` its chain
 * and host name. Undefined for `disable` (then `sslmode` in DATABASE_URL, if any, is pg's to read).
 */
export function databaseSsl(env: DatabaseSecurityEnv): TlsOptions | undefined {
  if (!databaseTlsOn(env)) return undefined;
  const pem = readPemFiles({
    DATABASE_SSL_CA_FILE: env.DATABASE_SSL_CA_FILE,
    DATABASE_SSL_CERT_FILE: env.DATABASE_SSL_CERT_FILE,
    DATABASE_SSL_KEY_FILE: env.DATABASE_SSL_KEY_FILE,
  });
  const files = defined({
    ca: pem.DATABASE_SSL_CA_FILE,
    cert: pem.DATABASE_SSL_CERT_FILE,
    key: pem.DATABASE_SSL_KEY_FILE,
  });
  switch (env.DATABASE_SSL_MODE) {
    case 'require':
      return { ...files, rejectUnauthorized: false };
    case 'verify-ca':
      return { ...files, rejectUnauthorized: true, checkServerIdentity: () => undefined };
    default:
      return { ...files, rejectUnauthorized: true };
  }
}
