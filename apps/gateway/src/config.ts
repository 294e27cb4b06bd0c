import { createPrivateKey } from 'node:crypto';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';
import { IsKeyring, ServiceEnv } from '@referral/platform-config';
import { WithIdempotencyEnv } from '@referral/platform-idempotency';

const url = () => IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true });

/** The documented development secret of the bootstrap admin (README); refused in production. */
export const DEVELOPMENT_ADMIN_SECRET = 'dev-admin-secret-change-me';
export const MIN_PRODUCTION_ADMIN_SECRET_LENGTH = 24;
/** The documented development secret of the notifications service's contacts client (stack.sh, docker-compose). */
export const DEVELOPMENT_CONTACTS_SECRET = 'dev-contacts-secret-change-me';

/** BOOTSTRAP_CONTACTS_CLIENT_SECRET: 16 to 500 non-blank characters; in production not the development one. */
function IsContactsSecret() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isContactsSecret',
      target: target.constructor,
      propertyName,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          if (typeof value !== 'string' || !/^\S{16,500}$/.test(value)) return false;
          return (
            (args.object as ServiceEnv).NODE_ENV !== 'production' || value !== DEVELOPMENT_CONTACTS_SECRET
          );
        },
        // Never the value: it is a secret.
        defaultMessage: () =>
          'BOOTSTRAP_CONTACTS_CLIENT_SECRET must be 16 to 500 characters without spaces, set with BOOTSTRAP_CONTACTS_CLIENT_ID; in production not the development default',
      },
    });
}

/**
 * Development keyrings (their bytes start with `dev-only-`): the defaults, refused in production.
 * The same values are in docker-compose.yml and deploy/local/stack.sh. The idempotency keyring's
 * variables (IDEMPOTENCY_TTL_HOURS, IDEMPOTENCY_ENCRYPTION_KEY) are platform-idempotency's.
 */
export { DEVELOPMENT_IDEMPOTENCY_ENCRYPTION_KEY } from '@referral/platform-idempotency';
export const DEVELOPMENT_SIGNING_KEY_ENCRYPTION_KEY = 'dev-1:ZGV2LW9ubHktc2lnbmluZy1rZXktYXQtcmVzdC0zMmI=';

/** `JWT_SIGNING_KEY_PEM` as given: PEM, or PEM with `\n` escapes (one-line environment values). */
export function signingKeyPem(value: string): string {
  return value.includes('\\n') ? value.replace(/\\n/g, '\n') : value;
}

/** In production the bootstrap admin's secret must be neither the development default nor short. */
function IsProductionGradeSecret() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isProductionGradeSecret',
      target: target.constructor,
      propertyName,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          if ((args.object as ServiceEnv).NODE_ENV !== 'production') return true;
          return (
            typeof value === 'string' &&
            value !== DEVELOPMENT_ADMIN_SECRET &&
            value.length >= MIN_PRODUCTION_ADMIN_SECRET_LENGTH
          );
        },
        // The message never carries the value: it is a secret.
        defaultMessage: () =>
          `BOOTSTRAP_ADMIN_CLIENT_SECRET must be set in production, to something other than the development default, at least ${MIN_PRODUCTION_ADMIN_SECRET_LENGTH} characters long`,
      },
    });
}

/** An RSA private key (PKCS#8 or PKCS#1 PEM) of at least 2048 bits. */
function IsRsaSigningKey() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isRsaSigningKey',
      target: target.constructor,
      propertyName,
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string') return false;
          try {
            const key = createPrivateKey(signingKeyPem(value));
            return key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048;
          } catch {
            return false;
          }
        },
        defaultMessage: () =>
          'JWT_SIGNING_KEY_PEM must be a PEM-encoded RSA private key of at least 2048 bits',
      },
    });
}

/** `PUBLIC_URL` without trailing slashes, for paths to be appended. */
export function publicUrl(env: Pick<GatewayEnv, 'PUBLIC_URL'>): string {
  return env.PUBLIC_URL.replace(/\/+$/, '');
}

/** The URL of the token endpoint as clients call it: the `aud` of a client assertion. */
export function tokenEndpointUrl(env: Pick<GatewayEnv, 'PUBLIC_URL'>): string {
  return `${publicUrl(env)}/v1/auth/token`;
}

/** The gateway's environment; see the README's configuration table. */
export class GatewayEnv extends WithIdempotencyEnv(ServiceEnv) {
  override PORT = 3000;
  override DATABASE_NAME = 'gateway';

  /**
   * Where clients reach the gateway (scheme, host, port, path prefix if any; no trailing slash
   * needed): the token endpoint is this plus `/v1/auth/token`, the `aud` a client assertion must
   * carry (SMART Backend Services), and what `/.well-known/smart-configuration` advertises.
   */
  @Matches(/^https?:\/\/[^\s?#]+$/, {
    message: 'PUBLIC_URL must be an http(s) URL without query or fragment',
  })
  PUBLIC_URL = 'http://127.0.0.1:3000';

  @url()
  REFERRALS_URL = 'http://127.0.0.1:3001';

  @url()
  DIRECTORY_URL = 'http://127.0.0.1:3002';

  @url()
  CASE_FILES_URL = 'http://127.0.0.1:3003';

  @url()
  NOTIFICATIONS_URL = 'http://127.0.0.1:3004';

  /** The FHIR R4 facade, which answers everything under `/fhir/R4`. */
  @url()
  FHIR_URL = 'http://127.0.0.1:3005';

  /** Lifetime of the access tokens the gateway issues. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(86_400)
  JWT_TTL_SECONDS = 900;

  /** The first admin API client, created (or its secret reset) at every start. */
  @Matches(/^[A-Za-z0-9._-]{3,100}$/, {
    message: 'BOOTSTRAP_ADMIN_CLIENT_ID must be 3 to 100 letters, digits, dots, underscores or dashes',
  })
  BOOTSTRAP_ADMIN_CLIENT_ID = 'dev-admin';

  @IsString()
  @IsProductionGradeSecret()
  BOOTSTRAP_ADMIN_CLIENT_SECRET = DEVELOPMENT_ADMIN_SECRET;

  @IsUUID('all', { message: 'BOOTSTRAP_ADMIN_ORGANIZATION_ID must be a UUID' })
  BOOTSTRAP_ADMIN_ORGANIZATION_ID = '00000000-0000-4000-8000-000000000001';

  /**
   * The notifications service's API client, role `contact-reader` (it reads practitioners' phone,
   * email and languages from the directory, and nothing else), in the bootstrap admin's organization:
   * created (or its secret reset) at every start when both are set. Both or neither.
   */
  @ValidateIf(
    (env: GatewayEnv) =>
      env.BOOTSTRAP_CONTACTS_CLIENT_ID !== undefined || env.BOOTSTRAP_CONTACTS_CLIENT_SECRET !== undefined,
  )
  @Matches(/^[A-Za-z0-9._-]{3,100}$/, {
    message:
      'BOOTSTRAP_CONTACTS_CLIENT_ID must be 3 to 100 letters, digits, dots, underscores or dashes (set with BOOTSTRAP_CONTACTS_CLIENT_SECRET)',
  })
  BOOTSTRAP_CONTACTS_CLIENT_ID?: string;

  @ValidateIf(
    (env: GatewayEnv) =>
      env.BOOTSTRAP_CONTACTS_CLIENT_ID !== undefined || env.BOOTSTRAP_CONTACTS_CLIENT_SECRET !== undefined,
  )
  @IsContactsSecret()
  BOOTSTRAP_CONTACTS_CLIENT_SECRET?: string;

  /**
   * An operator-provided signing key, with its key id: when the id is not in the database yet, the
   * key is stored and becomes the active one (the previous one is retired). Both or neither.
   */
  @ValidateIf(
    (env: GatewayEnv) => env.JWT_SIGNING_KEY_PEM !== undefined || env.JWT_SIGNING_KEY_ID !== undefined,
  )
  @IsRsaSigningKey()
  JWT_SIGNING_KEY_PEM?: string;

  @ValidateIf(
    (env: GatewayEnv) => env.JWT_SIGNING_KEY_PEM !== undefined || env.JWT_SIGNING_KEY_ID !== undefined,
  )
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, {
    message:
      'JWT_SIGNING_KEY_ID must be set with JWT_SIGNING_KEY_PEM: 1 to 100 letters, digits, dots, underscores or dashes',
  })
  JWT_SIGNING_KEY_ID?: string;

  /**
   * The largest attachment, in bytes (default 20 MiB), as the case-files service's setting: multipart
   * bodies up to this plus 64 KiB of form overhead are read, larger ones are 413 at the gateway.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1024 * 1024 * 1024)
  ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

  /** AES-256-GCM keys of the signing keys' private halves at rest; same format. */
  @IsKeyring()
  SIGNING_KEY_ENCRYPTION_KEY = DEVELOPMENT_SIGNING_KEY_ENCRYPTION_KEY;

  /** Requests per minute per API client on the proxied routes, counted across instances (PostgreSQL). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 1200;
}
