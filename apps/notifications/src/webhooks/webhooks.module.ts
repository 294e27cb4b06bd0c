import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SERVICE_ENV } from '@referral/platform-http';
import { webhookAddressPolicy, type NotificationsEnv } from '../config';
import { DirectoryModule } from '../directory/directory.module';
import { DeliveryWorker } from './delivery-worker';
import { systemResolver } from './outbound-address';
import { ReferralWebhooksConsumer } from './referral-webhooks.consumer';
import { parseSecretKeys, SecretCipher } from './secret-cipher';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { WebhookDeliveriesController, WebhookEndpointsController } from './webhook-endpoints.controller';
import { WEBHOOK_RESOLVER, WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookFanout } from './webhook-fanout';
import { WebhookMessageEntity } from './webhook-message.entity';
import { WebhookSender } from './webhook-sender';
import { WebhookRepository } from './webhook.repository';

/**
 * Webhooks to partner systems (Standard Webhooks 1.0): the endpoints API, the fan-out of referral
 * events into deliveries, and the delivery worker.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([WebhookEndpointEntity, WebhookMessageEntity, WebhookDeliveryEntity]),
    DirectoryModule,
  ],
  controllers: [WebhookEndpointsController, WebhookDeliveriesController, ReferralWebhooksConsumer],
  providers: [
    WebhookRepository,
    WebhookEndpointsService,
    WebhookFanout,
    DeliveryWorker,
    { provide: WEBHOOK_RESOLVER, useValue: systemResolver },
    {
      provide: SecretCipher,
      inject: [SERVICE_ENV],
      useFactory: (env: NotificationsEnv) => new SecretCipher(parseSecretKeys(env.WEBHOOK_SECRET_KEY)!),
    },
    {
      provide: WebhookSender,
      inject: [SERVICE_ENV],
      useFactory: (env: NotificationsEnv) =>
        new WebhookSender({ policy: webhookAddressPolicy(env), timeoutMs: env.WEBHOOK_TIMEOUT_MS }),
    },
  ],
  exports: [DeliveryWorker],
})
export class WebhooksModule {}
