import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';
import { ServiceEnv } from '@referral/platform-config';
import { AddressPolicy } from './webhooks/address-policy';
import { DEFAULT_RETRY_SCHEDULE, parseRetrySchedule, type RetryPolicy } from './webhooks/retry-schedule';
import { isDevelopmentKey, parseSecretKeys, type SecretKey } from './webhooks/secret-cipher';

const url = () => IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true });

const trimmed = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** The HTTP SMS gateway's default body: JSON with `{{to}}`, `{{text}}` and `{{from}}`. */
export const DEFAULT_SMS_HTTP_BODY_TEMPLATE = '{"to":"{{to}}","from":"{{from}}","text":"{{text}}"}';

/**
 * SMS_HTTP_BODY_TEMPLATE: JSON once the placeholders are filled (they sit inside JSON strings and are
 * substituted JSON-escaped), naming at least `{{to}}` and `{{text}}`.
 */
function IsSmsBodyTemplate(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isSmsBodyTemplate',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string' || !value.includes('{{to}}') || !value.includes('{{text}}'))
            return false;
          try {
            JSON.parse(value.replace(/\{\{(to|text|from)\}\}/g, 'x'));
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage: () =>
          'SMS_HTTP_BODY_TEMPLATE must be JSON naming {{to}} and {{text}} (and optionally {{from}}) inside JSON strings',
      },
    });
}

const DEVELOPMENT_PUBLIC_APP_URL = 'http://localhost:3000';

/** PUBLIC_APP_URL: in production an https URL that is not the development default. */
function IsPublicAppUrl(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPublicAppUrl',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          if (typeof value !== 'string') return false;
          const production = (args.object as ServiceEnv).NODE_ENV === 'production';
          const pattern = production ? /^https:\/\/[^\s?#]+$/ : /^https?:\/\/[^\s?#]+$/;
          return pattern.test(value) && !(production && value === DEVELOPMENT_PUBLIC_APP_URL);
        },
        defaultMessage: () =>
          'PUBLIC_APP_URL must be an http(s) URL without query or fragment; in production an https URL set for the deployment',
      },
    });
}

const milliseconds = (min: number, max: number) => (target: object, property: string) => {
  Type(() => Number)(target, property);
  IsInt()(target, property);
  Min(min)(target, property);
  Max(max)(target, property);
};

/** A retention in days: 1 day to 10 years. */
const retentionDays = () => (target: object, property: string) => {
  Type(() => Number)(target, property);
  IsInt()(target, property);
  Min(1)(target, property);
  Max(3650)(target, property);
};

/** A variable checked by a parser: valid when it parses (and, with `inProduction`, passes that check too). */
function Parses(
  parse: (value: unknown) => unknown,
  message: string,
  inProduction?: (parsed: unknown) => boolean,
) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'parses',
      target: target.constructor,
      propertyName,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const parsed = parse(value);
          if (parsed === null || parsed === undefined) return false;
          return (args.object as ServiceEnv).NODE_ENV !== 'production' || (inProduction?.(parsed) ?? true);
        },
        // Never the value: it may be a key.
        defaultMessage: () => `${propertyName} must be ${message}`,
      },
    });
}

/** The development key (its bytes start with `dev-only-`): the default, refused in production. */
export const DEVELOPMENT_WEBHOOK_SECRET_KEY = 'dev-1:ZGV2LW9ubHktd2ViaG9vay1zZWNyZXQta2V5LTMyYnk=';

const allowList = (value: unknown) =>
  value === undefined ? AddressPolicy.NONE : typeof value === 'string' ? AddressPolicy.parse(value) : null;

/** The notifications service's environment; see the README's configuration table. */

/** The notifications service's environment; see the README's configuration table. */
export class NotificationsEnv extends ServiceEnv {
  override PORT = 3004;
  override DATABASE_NAME = 'notifications';

  /** The directory, asked for a recipient's phone, email and languages when a message is sent. */
  @url()
  DIRECTORY_URL = 'http://127.0.0.1:3002';

  /** The gateway's token endpoint, where this service obtains its own token (client credentials). */
  @url()
  SERVICE_TOKEN_URL = 'http://127.0.0.1:3000/v1/auth/token';

  /**
   * The API client this service reads contact details with (a client the directory lets read every
   * practitioner: role `contact-reader`, and nothing else). Unset: no SMS or email can be addressed
   * (in-app and webhooks only).
   */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  SERVICE_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  SERVICE_CLIENT_SECRET?: string;

  /** How long a practitioner's contact details are reused before the directory is asked again. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86_400)
  CONTACT_CACHE_SECONDS = 300;

  /** How often each instance sends the SMS and email that are due; 0 turns its worker off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  DISPATCH_INTERVAL_MS = 1000;

  /** Messages sent per round of the worker. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  DISPATCH_BATCH_SIZE = 50;

  /** Dispatches each instance sends at once (each waits on the directory and the provider). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(32)
  DISPATCH_CONCURRENCY = 4;

  /** Rounds a message waits for the directory (contact details) before it is failed. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  DISPATCH_MAX_ATTEMPTS = 20;

  /** Events older than this (a replay, a new consumer group) reach the inbox only: no SMS or email. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  MESSAGE_MAX_EVENT_AGE_MINUTES = 60;

  /**
   * How long an SMS or email the provider failed (5xx, timeout, unreachable, SMTP 4xx) is retried,
   * from its first attempt; then it is failed (`message.delivery_failed`). 0: never retried.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(7 * 24 * 60)
  MESSAGE_RETRY_MAX_MINUTES = 60;

  /** The wait before the first retry; each further one waits twice as long (at most 15 minutes). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  MESSAGE_RETRY_INITIAL_SECONDS = 30;

  /** Base of the links in SMS and email: `<PUBLIC_APP_URL>/r/<referralId>`. */
  @trimmed()
  @IsPublicAppUrl()
  PUBLIC_APP_URL = DEVELOPMENT_PUBLIC_APP_URL;

  /** `sink`: SMS are only recorded in `outbound_message`; `http`: sent through the HTTP gateway too. */
  @IsIn(['sink', 'http'])
  SMS_PROVIDER: 'sink' | 'http' = 'sink';

  /** The HTTP SMS gateway's endpoint (POST); required with SMS_PROVIDER=http. */
  @ValidateIf((env: NotificationsEnv) => env.SMS_PROVIDER === 'http' || env.SMS_HTTP_URL !== undefined)
  @trimmed()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'SMS_HTTP_URL must be an http(s) URL (required when SMS_PROVIDER=http)' },
  )
  SMS_HTTP_URL?: string;

  /**
   * Sent with every gateway request: a value of `Authorization` (`Bearer …`, `Basic …`), or
   * `Header-Name: value` for another header. A secret: never logged, never in error messages.
   */
  @IsOptional()
  @trimmed()
  @Matches(/^[^\r\n]{1,4096}$/, { message: 'SMS_HTTP_AUTH_HEADER must be one line' })
  SMS_HTTP_AUTH_HEADER?: string;

  @IsSmsBodyTemplate()
  SMS_HTTP_BODY_TEMPLATE = DEFAULT_SMS_HTTP_BODY_TEMPLATE;

  /** Field of the gateway's JSON answer that holds its message id (dots for nesting); kept in the log. */
  @trimmed()
  @Matches(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, {
    message: 'SMS_HTTP_MESSAGE_ID_FIELD must be a field name, with dots for nested fields',
  })
  SMS_HTTP_MESSAGE_ID_FIELD = 'id';

  /** How long to wait for the gateway; a timeout is a failed message. */
  @milliseconds(100, 120_000)
  SMS_HTTP_TIMEOUT_MS = 10_000;

  /** Sender id or number passed to the gateway as `{{from}}`. */
  @trimmed()
  @Matches(/^[^\r\n"\\]{1,32}$/, { message: 'SMS_FROM must be 1 to 32 characters on one line' })
  SMS_FROM = 'Referrals';

  /** Most parts one SMS may take; a longer text drops its optional sentence, or is not sent. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10)
  SMS_MAX_PARTS = 3;

  /** `sink`: emails are only recorded in `outbound_message`; `smtp`: sent through SMTP_URL too. */
  @IsIn(['sink', 'smtp'])
  EMAIL_PROVIDER: 'sink' | 'smtp' = 'sink';

  /** `smtp://user:pass@host:587` or `smtps://…:465`; required with EMAIL_PROVIDER=smtp. A secret. */
  @ValidateIf((env: NotificationsEnv) => env.EMAIL_PROVIDER === 'smtp' || env.SMTP_URL !== undefined)
  @trimmed()
  @Matches(/^smtps?:\/\/\S+$/, {
    message: 'SMTP_URL must be an smtp:// or smtps:// URL (required when EMAIL_PROVIDER=smtp)',
  })
  SMTP_URL?: string;

  /** Connection, greeting and socket timeout of the SMTP client. */
  @milliseconds(100, 120_000)
  SMTP_TIMEOUT_MS = 10_000;

  /** `From` of every email: `address@domain` or `Display Name <address@domain>`. */
  @trimmed()
  @MaxLength(320)
  @Matches(/^([^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, {
    message: 'EMAIL_FROM must be address@domain or Display Name <address@domain>',
  })
  EMAIL_FROM = 'Specialist Referral <no-reply@localhost>';

  /**
   * AES-256-GCM keys of the endpoints' signing secrets at rest: `keyId:base64-32-bytes`, comma-separated,
   * the current first. Defaults to a development key, which production refuses: set it there.
   */
  @Parses(
    parseSecretKeys,
    'base64 of 32 bytes, or a comma-separated list of keyId:base64 of 32 bytes (the current key first, key ids unique); in production not a development key (the default is one)',
    (keys) => !(keys as SecretKey[]).some((k) => isDevelopmentKey(k.key)),
  )
  WEBHOOK_SECRET_KEY = DEVELOPMENT_WEBHOOK_SECRET_KEY;

  /**
   * Host names, IP addresses and CIDR ranges (comma-separated) that webhook deliveries may reach
   * although private, loopback or link-local (e.g. `127.0.0.1,localhost`); none by default.
   */
  @IsOptional()
  @Parses(allowList, 'a comma-separated list of host names, IP addresses and CIDR ranges')
  WEBHOOK_ALLOW_PRIVATE_HOSTS?: string;

  /** The same list under another name (both are read, and merged). */
  @IsOptional()
  @Parses(allowList, 'a comma-separated list of host names, IP addresses and CIDR ranges')
  WEBHOOK_ALLOWED_HOSTS?: string;

  /** Delays before the first attempt and after each failed one (`0,5s,5m,…`; unit ms, s, m, h or d; seconds without). */
  @Parses(
    parseRetrySchedule,
    'comma-separated delays such as 0,5s,5m,30m,2h (at most 50, each at most 7 days)',
  )
  WEBHOOK_RETRY_SCHEDULE = DEFAULT_RETRY_SCHEDULE;

  /** Random spread of each retry delay, in percent either way (20: 80–120% of the scheduled delay). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100)
  WEBHOOK_RETRY_JITTER_PERCENT = 20;

  /** The longest `Retry-After` of a receiver that is honoured, in seconds (a longer one is cut to this). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(7 * 86_400)
  WEBHOOK_RETRY_AFTER_MAX_SECONDS = 86_400;

  /** How long one delivery may take (connect, send, answer) before it counts as failed. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(120_000)
  WEBHOOK_TIMEOUT_MS = 15_000;

  /** How often each instance looks for due deliveries; 0 turns its delivery worker off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60_000)
  WEBHOOK_POLL_INTERVAL_MS = 1000;

  /** Deliveries one instance sends at the same time. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  WEBHOOK_CONCURRENCY = 16;

  /** Hours the previous secret keeps signing (beside the new one) after a rotation. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(24 * 30)
  WEBHOOK_SECRET_ROTATION_HOURS = 24;

  /**
   * Days an in-app notification is kept (read or not) before the retention purge deletes it. The
   * purge runs every RETENTION_PURGE_INTERVAL_MS, RETENTION_PURGE_BATCH_SIZE rows a statement.
   */
  @retentionDays()
  NOTIFICATION_RETENTION_DAYS = 180;

  /**
   * Days a finished webhook delivery (succeeded or failed) is kept in the delivery log; a pending one,
   * and every attempt of a chain still pending, are never deleted. A message goes once it is as old
   * and none of its deliveries is left.
   */
  @retentionDays()
  WEBHOOK_DELIVERY_RETENTION_DAYS = 30;

  /**
   * Days an SMS or email in the send log (`outbound_message`: sent, failed or skipped) and a finished
   * dispatch are kept; pending ones are never deleted.
   */
  @retentionDays()
  OUTBOUND_MESSAGE_RETENTION_DAYS = 90;
}

/** The allow-lists of both variables, merged. */
export function webhookAddressPolicy(env: NotificationsEnv): AddressPolicy {
  return AddressPolicy.parse(
    [env.WEBHOOK_ALLOW_PRIVATE_HOSTS, env.WEBHOOK_ALLOWED_HOSTS].filter(Boolean).join(','),
  )!;
}

export function webhookRetryPolicy(env: NotificationsEnv): RetryPolicy {
  return {
    schedule: parseRetrySchedule(env.WEBHOOK_RETRY_SCHEDULE)!,
    jitter: env.WEBHOOK_RETRY_JITTER_PERCENT / 100,
    retryAfterMaxMs: env.WEBHOOK_RETRY_AFTER_MAX_SECONDS * 1000,
  };
}
