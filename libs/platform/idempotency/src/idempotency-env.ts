import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { IsKeyring, Keyring, type ServiceEnv } from '@referral/platform-config';
import type { IdempotencySettings } from './idempotent-writes';

/**
 * The development keyring of stored answers (its bytes start with `dev-only-`): the default, refused
 * in production. The same value is in docker-compose.yml and deploy/local/stack.sh.
 */
export const DEVELOPMENT_IDEMPOTENCY_ENCRYPTION_KEY = 'dev-1:ZGV2LW9ubHktaWRlbXBvdGVuY3ktYm9keS1rZXktMzI=';

type EnvClass = new (...args: any[]) => ServiceEnv;

/** The variables of a service that stores idempotent answers, added to its environment class. */
export function WithIdempotencyEnv<TBase extends EnvClass>(Base: TBase) {
  class IdempotencyEnv extends Base {
    /** How long an Idempotency-Key is remembered (API.md: at least 24 h). */
    @Type(() => Number)
    @IsInt()
    @Min(24)
    @Max(24 * 30)
    IDEMPOTENCY_TTL_HOURS = 24;

    /**
     * AES-256-GCM keys of the stored idempotent answers (they hold patient data and webhook secrets):
     * `keyId:base64-32-bytes`, comma-separated, the current first (older ones still decrypt).
     */
    @IsKeyring()
    IDEMPOTENCY_ENCRYPTION_KEY = DEVELOPMENT_IDEMPOTENCY_ENCRYPTION_KEY;
  }
  return IdempotencyEnv;
}

export interface IdempotencyEnvValues {
  IDEMPOTENCY_TTL_HOURS: number;
  IDEMPOTENCY_ENCRYPTION_KEY: string;
}

export const idempotencySettingsFromEnv = (env: IdempotencyEnvValues): IdempotencySettings => ({
  keyring: new Keyring(env.IDEMPOTENCY_ENCRYPTION_KEY),
  ttlHours: env.IDEMPOTENCY_TTL_HOURS,
});
