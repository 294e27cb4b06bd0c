import { Module } from '@nestjs/common';
import { SERVICE_ENV } from '@referral/platform-http';
import { idempotencySettingsFromEnv, type IdempotencyEnvValues } from './idempotency-env';
import { IDEMPOTENCY_SETTINGS, IdempotentWrites } from './idempotent-writes';

/**
 * Import in a service that keeps `Idempotency-Key` answers with its changes: its environment class
 * extends `WithIdempotencyEnv(...)`, a migration calls `createIdempotencyTable`.
 */
@Module({
  providers: [
    {
      provide: IDEMPOTENCY_SETTINGS,
      inject: [SERVICE_ENV],
      useFactory: (env: IdempotencyEnvValues) => idempotencySettingsFromEnv(env),
    },
    IdempotentWrites,
  ],
  exports: [IdempotentWrites],
})
export class IdempotencyModule {}
