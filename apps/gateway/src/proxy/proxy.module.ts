import { Module } from '@nestjs/common';
import { PUBLIC_ROUTE_GROUPS } from '@referral/contracts';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { FhirForwardingController } from './fhir-forwarding.controller';
import { Forwarder } from './forwarder';
import { forwardingController } from './forwarding-controller';
import { UpstreamClient } from './upstream-client';

/**
 * The public routes of the services behind the gateway, one forwarding controller per group of
 * route declarations (`@referral/contracts`), documented from them.
 */
@Module({
  imports: [IdempotencyModule, RateLimitModule],
  controllers: [...PUBLIC_ROUTE_GROUPS.map(forwardingController), FhirForwardingController],
  providers: [UpstreamClient, Forwarder],
})
export class ProxyModule {}
