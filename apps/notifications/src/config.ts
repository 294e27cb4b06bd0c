import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, registerDecorator, type ValidationArguments } from 'class-validator';
import { ServiceEnv } from '@referral/platform-config';
import { AddressPolicy } from './webhooks/address-policy';
import { DEFAULT_RETRY_SCHEDULE, parseRetrySchedule, type RetryPolicy } from './webhooks/retry-schedule';
import { isDevelopmentKey, parseSecretKeys, type SecretKey } from './webhooks/secret-cipher';

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

const allowList = (value: unknown) =>
  value === undefined ? AddressPolicy.NONE : typeof value === 'string' ? AddressPolicy.parse(value) : null;

/** The notifications service's environment; see the README's configuration table. */
export class NotificationsEnv extends ServiceEnv {
  override PORT = 3004;
  override DATABASE_NAME = 'notifications';

  /**
   * AES-256-GCM keys of the endpoints' signing secrets at rest: `keyId:base64-32-bytes`, comma-separated,
   * the current first. Required; the local stack and docker-compose set development keys, which
   * production refuses.
   */
  @Parses(
    parseSecretKeys,
    'base64 of 32 bytes, or a comma-separated list of keyId:base64 of 32 bytes (the current key first, key ids unique); in production not a development key (no default: set it)',
    (keys) => !(keys as SecretKey[]).some((k) => isDevelopmentKey(k.key)),
  )
  WEBHOOK_SECRET_KEY!: string;

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
