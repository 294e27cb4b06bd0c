import { Module } from '@nestjs/common';
import { rateLimiterProvider, RateLimitGuard, RateLimitPurge } from './rate-limit.guard';

@Module({
  providers: [rateLimiterProvider, RateLimitGuard, RateLimitPurge],
  exports: [rateLimiterProvider, RateLimitGuard],
})
export class RateLimitModule {}
