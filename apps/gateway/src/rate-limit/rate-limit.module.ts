import { Module } from '@nestjs/common';
import { rateLimiterProvider, RateLimitGuard } from './rate-limit.guard';

@Module({ providers: [rateLimiterProvider, RateLimitGuard], exports: [rateLimiterProvider, RateLimitGuard] })
export class RateLimitModule {}
