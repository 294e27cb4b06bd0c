import 'reflect-metadata';
import { plainToInstance, Transform, Type, type ClassConstructor } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidateIf,
  validateSync,
  type ValidationArguments,
  type ValidationError,
} from 'class-validator';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const TRUSTED_ISSUER = String.raw`[^\s|,]+\|https?:\/\/[^\s|,]+(\|[^\s|,]+)?`;
const TRUSTED_ISSUERS = new RegExp(`^${TRUSTED_ISSUER}(\\s*,\\s*${TRUSTED_ISSUER})*$`);

const trimmed = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** A path to a PEM file (mounted from a Secret): absolute, one line. */
const pemFile = (name: string) =>
  Matches(/^\/[^\r\n]{0,1023}$/, { message: `${name} must be an absolute file path` });

/**
 * A variable that only means something when another is on (a certificate without TLS, a password
 * without SASL): set alone, it is an error rather than silently ignored.
 */
function OnlyWith<E>(condition: (env: E) => boolean, requirement: string) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'onlyWith',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          value === undefined || condition(args.object as E),
        defaultMessage: () => `${propertyName} is set but ${requirement}`,
      },
    });
}

/** Both of a pair (a client certificate and its key) or neither. */
function PairedWith(other: string) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'pairedWith',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          (value === undefined) === ((args.object as Record<string, unknown>)[other] === undefined),
        defaultMessage: () => `${propertyName} and ${other} go together: set both or neither`,
      },
    });
}

const SSL_URL_PARAMETERS = /[?&](ssl|sslmode|sslcert|sslkey|sslrootcert)=/i;

/**
 * What a Kafka client of ours reads: the brokers, TLS and SASL, the topics' layout (the services, and
 * the topics job of the Helm chart, which creates the topics before a rollout). Property names are the
 * environment variable names.
 */
export class KafkaClientEnv {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';

  @trimmed()
  @Matches(/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/, {
    message: 'KAFKA_BROKERS must be a comma-separated list of host:port',
  })
  KAFKA_BROKERS!: string;

  /** TLS to the brokers; their certificates are checked against KAFKA_SSL_CA_FILE, else the CAs Node trusts. */
  @IsIn(['true', 'false'])
  KAFKA_SSL: 'true' | 'false' = 'false';

  @IsOptional()
  @pemFile('KAFKA_SSL_CA_FILE')
  @OnlyWith((env: KafkaClientEnv) => env.KAFKA_SSL === 'true', 'KAFKA_SSL is not true')
  KAFKA_SSL_CA_FILE?: string;

  /** Client certificate and key (PEM files), for brokers that authenticate clients by certificate (mTLS). */
  @IsOptional()
  @pemFile('KAFKA_SSL_CERT_FILE')
  @OnlyWith((env: KafkaClientEnv) => env.KAFKA_SSL === 'true', 'KAFKA_SSL is not true')
  @PairedWith('KAFKA_SSL_KEY_FILE')
  KAFKA_SSL_CERT_FILE?: string;

  @IsOptional()
  @pemFile('KAFKA_SSL_KEY_FILE')
  @OnlyWith((env: KafkaClientEnv) => env.KAFKA_SSL === 'true', 'KAFKA_SSL is not true')
  @PairedWith('KAFKA_SSL_CERT_FILE')
  KAFKA_SSL_KEY_FILE?: string;

  /**
   * SASL authentication to the brokers (with KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD); none when
   * unset. In production `plain` needs KAFKA_SSL=true: it sends the password as it is.
   */
  @IsOptional()
  @IsIn(['plain', 'scram-sha-256', 'scram-sha-512'])
  @OnlyWith(
    (env: KafkaClientEnv) =>
      env.KAFKA_SASL_MECHANISM !== 'plain' || env.NODE_ENV !== 'production' || env.KAFKA_SSL === 'true',
    'in production SASL plain needs KAFKA_SSL=true (it sends the password in clear)',
  )
  KAFKA_SASL_MECHANISM?: 'plain' | 'scram-sha-256' | 'scram-sha-512';

  @ValidateIf(
    (env: ServiceEnv) => env.KAFKA_SASL_MECHANISM !== undefined || env.KAFKA_SASL_USERNAME !== undefined,
  )
  @Matches(/^[^\r\n]{1,500}$/, {
    message: 'KAFKA_SASL_USERNAME must be one line (required with KAFKA_SASL_MECHANISM)',
  })
  @OnlyWith(
    (env: KafkaClientEnv) => env.KAFKA_SASL_MECHANISM !== undefined,
    'KAFKA_SASL_MECHANISM is not set',
  )
  KAFKA_SASL_USERNAME?: string;

  /** A secret: never logged, never in an error message. */
  @ValidateIf(
    (env: ServiceEnv) => env.KAFKA_SASL_MECHANISM !== undefined || env.KAFKA_SASL_PASSWORD !== undefined,
  )
  @Matches(/^[^\r\n]{1,1000}$/, {
    message: 'KAFKA_SASL_PASSWORD must be one line (required with KAFKA_SASL_MECHANISM)',
  })
  @OnlyWith(
    (env: KafkaClientEnv) => env.KAFKA_SASL_MECHANISM !== undefined,
    'KAFKA_SASL_MECHANISM is not set',
  )
  KAFKA_SASL_PASSWORD?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  KAFKA_TOPIC_PARTITIONS = 3;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(7)
  KAFKA_TOPIC_REPLICATION_FACTOR = 1;
}

/**
 * Variables every service reads. Property names are the environment variable names, so a validation
 * message names exactly what the operator has to fix.
 */
export class ServiceEnv extends KafkaClientEnv {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT!: number;

  @IsString()
  @IsOptional()
  HOST = '0.0.0.0';

  @trimmed()
  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  @trimmed()
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'DATABASE_NAME must be a lower-case PostgreSQL identifier' })
  DATABASE_NAME!: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /**
   * TLS to PostgreSQL, as libpq's sslmode: `disable`; `require` (encrypted, the server's certificate
   * not checked); `verify-ca` (signed by DATABASE_SSL_CA_FILE, else a CA Node trusts); `verify-full`
   * (that, and issued to the host of DATABASE_URL). Not both this and `sslmode` in DATABASE_URL.
   */
  @IsIn(['disable', 'require', 'verify-ca', 'verify-full'])
  @OnlyWith(
    (env: ServiceEnv) => !databaseTlsOn(env) || !SSL_URL_PARAMETERS.test(env.DATABASE_URL ?? ''),
    'DATABASE_URL carries TLS parameters too (ssl, sslmode, sslcert, sslkey, sslrootcert): set TLS in one place',
  )
  DATABASE_SSL_MODE: 'disable' | 'require' | 'verify-ca' | 'verify-full' = 'disable';

  /** PEM file of the CA(s) that sign the server's certificate; the CAs Node trusts when unset. */
  @IsOptional()
  @pemFile('DATABASE_SSL_CA_FILE')
  @OnlyWith(
    (env: ServiceEnv) => databaseTlsOn(env),
    'DATABASE_SSL_MODE is not require, verify-ca or verify-full',
  )
  DATABASE_SSL_CA_FILE?: string;

  /** Client certificate and key (PEM files), for servers that authenticate clients by certificate. */
  @IsOptional()
  @pemFile('DATABASE_SSL_CERT_FILE')
  @OnlyWith(
    (env: ServiceEnv) => databaseTlsOn(env),
    'DATABASE_SSL_MODE is not require, verify-ca or verify-full',
  )
  @PairedWith('DATABASE_SSL_KEY_FILE')
  DATABASE_SSL_CERT_FILE?: string;

  @IsOptional()
  @pemFile('DATABASE_SSL_KEY_FILE')
  @OnlyWith(
    (env: ServiceEnv) => databaseTlsOn(env),
    'DATABASE_SSL_MODE is not require, verify-ca or verify-full',
  )
  @PairedWith('DATABASE_SSL_CERT_FILE')
  DATABASE_SSL_KEY_FILE?: string;

  /** Consumer group of the service; defaults to the service name. Separate stacks on one broker need their own. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,200}$/, {
    message: 'KAFKA_GROUP_ID may hold letters, digits, dot, underscore and dash',
  })
  KAFKA_GROUP_ID?: string;

  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(60_000)
  OUTBOX_POLL_INTERVAL_MS = 1000;

  /** How long published outbox rows are kept (for diagnosis) before the relay deletes them. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(8760)
  OUTBOX_RETENTION_HOURS = 72;

  /**
   * Days an inbox row (an event id a consumer applied) is kept before the retention purge deletes it.
   * It is what stops a redelivered event from applying twice, so it must outlive every event Kafka can
   * still redeliver: longer than the topics' retention plus their segment roll (a record is deleted
   * with its whole segment). The topics are created without settings of their own, so the broker's
   * defaults apply: 7 days each, 14 in all. The purge also reads the consumed topics' retention.ms and
   * segment.ms and deletes no inbox row while their sum is not shorter.
   */
  @Type(() => Number)
  @IsInt()
  @Min(15, {
    message:
      "INBOX_RETENTION_DAYS must be at least 15 (longer than the topics' 7-day retention plus their 7-day segment roll)",
  })
  @Max(3650)
  INBOX_RETENTION_DAYS = 21;

  /** How often each instance runs the retention purge (inbox, and the service's own logs); 0 turns it off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  RETENTION_PURGE_INTERVAL_MS = 600_000;

  /** Rows the retention purge deletes per statement (each locks only these, skipping locked ones). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  RETENTION_PURGE_BATCH_SIZE = 1000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  CONSUMER_MAX_ATTEMPTS = 5;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60_000)
  CONSUMER_RETRY_BACKOFF_MS = 200;

  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(120_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /** `iss` of the gateway's access tokens; every service trusts this issuer. */
  @trimmed()
  @Matches(/^\S{1,512}$/, { message: 'AUTH_ISSUER must be a non-empty string without spaces' })
  AUTH_ISSUER = 'urn:specialist-referral:gateway';

  /** Where services fetch the gateway's signing keys (JWKS). */
  @trimmed()
  @Matches(/^https?:\/\/[^\s|,]+$/, { message: 'AUTH_JWKS_URL must be an http(s) URL' })
  AUTH_JWKS_URL = 'http://127.0.0.1:3000/.well-known/jwks.json';

  /** `aud` that tokens must carry (the default audience of trusted external issuers too). */
  @trimmed()
  @Matches(/^[^\s|,]{1,512}$/, { message: 'AUTH_AUDIENCE must be a non-empty string without spaces' })
  AUTH_AUDIENCE = 'specialist-referral-api';

  /** External OIDC issuers also trusted: `issuer|jwksUrl[|audience]`, comma-separated; none by default. */
  @IsOptional()
  @trimmed()
  @Matches(TRUSTED_ISSUERS, {
    message:
      'AUTH_TRUSTED_ISSUERS must be a comma-separated list of issuer|jwksUrl or issuer|jwksUrl|audience',
  })
  AUTH_TRUSTED_ISSUERS?: string;

  /** Leeway in seconds for `exp` and `nbf`, for clocks that drift between issuer and service. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(300)
  AUTH_CLOCK_TOLERANCE_SECONDS = 30;

  /** Largest JSON (or form) request body accepted; larger is 413. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  HTTP_BODY_LIMIT_BYTES = 1024 * 1024;

  /** Deepest nesting of objects and arrays in a JSON body; deeper is 400 (`json-too-deep`). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(256)
  HTTP_JSON_MAX_DEPTH = 32;

  /** Most elements of any one array in a JSON body; longer is 422 (`array-too-long`). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  HTTP_JSON_MAX_ARRAY_LENGTH = 1000;

  /** Browser origins allowed by CORS, comma-separated (`https://emr.example.pk`); none by default. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s,]+(,https?:\/\/[^\s,]+)*$/, {
    message: 'CORS_ORIGINS must be a comma-separated list of http(s) origins',
  })
  CORS_ORIGINS?: string;
}

export function databaseTlsOn(env: Pick<ServiceEnv, 'DATABASE_SSL_MODE'>): boolean {
  return env.DATABASE_SSL_MODE !== 'disable';
}

function describe(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const name = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) =>
      message.startsWith(e.property) ? message : `${name}: ${message}`,
    );
    return [...own, ...describe(e.children ?? [], name)];
  });
}

/**
 * Reads and validates the environment once, at boot. Nothing else in a service reads `process.env`.
 * Unknown variables are ignored (the environment holds far more than ours); missing or malformed ones
 * throw a ConfigError naming each variable.
 */
export function loadEnv<T extends object>(
  cls: ClassConstructor<T>,
  source: Record<string, string | undefined> = process.env,
): T {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const env = plainToInstance(cls, present, { exposeDefaultValues: true });
  const errors = validateSync(env as object, { whitelist: false, forbidUnknownValues: true });
  if (errors.length) throw new ConfigError(describe(errors));
  return env;
}

/** For `main.ts`: load or print the problem and stop the process. */
export function loadEnvOrExit<T extends object>(cls: ClassConstructor<T>): T {
  try {
    return loadEnv(cls);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(
        `${JSON.stringify({ level: 'fatal', msg: error.message, problems: error.problems })}\n`,
      );
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

export function kafkaBrokers(env: Pick<ServiceEnv, 'KAFKA_BROKERS'>): string[] {
  return env.KAFKA_BROKERS.split(',').map((b) => b.trim());
}
