import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { CaseFilesRoutesController } from './case-files.routes';
import { DirectoryRoutesController } from './directory.routes';
import { Forwarder } from './forwarder';
import {
  NotificationPreferencesRoutesController,
  NotificationsRoutesController,
  OutboundMessagesRoutesController,
  WebhookDeliveriesRoutesController,
  WebhookEndpointsRoutesController,
} from './notifications.routes';
import { PatientsRoutesController } from './patients.routes';
import { QueueRoutesController, ReferralsRoutesController } from './referrals.routes';
import { UpstreamClient } from './upstream-client';

/** The public routes of the services behind the gateway: one controller per service, documented. */
@Module({
  imports: [IdempotencyModule, RateLimitModule],
  controllers: [
    ReferralsRoutesController,
    QueueRoutesController,
    DirectoryRoutesController,
    PatientsRoutesController,
    CaseFilesRoutesController,
    NotificationsRoutesController,
    OutboundMessagesRoutesController,
    NotificationPreferencesRoutesController,
    WebhookEndpointsRoutesController,
    WebhookDeliveriesRoutesController,
  ],
  providers: [UpstreamClient, Forwarder],
})
export class ProxyModule {}
