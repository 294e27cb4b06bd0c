import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { RoutesController } from './routes.controller';
import { UpstreamClient } from './upstream-client';

@Module({
  imports: [IdempotencyModule, RateLimitModule],
  controllers: [RoutesController],
  providers: [UpstreamClient],
})
export class ProxyModule {}
