import type { WebhookDeliveryResource, WebhookEndpointResource } from '@referral/contracts';
import type { WebhookEndpointEntity } from './webhook-endpoint.entity';
import type { DeliveryLogEntry } from './webhook.repository';

export function toEndpointResource(endpoint: WebhookEndpointEntity, now: Date): WebhookEndpointResource {
  const rotating = endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now;
  return {
    id: endpoint.id,
    organizationId: endpoint.organizationId,
    url: endpoint.url,
    eventTypes: endpoint.eventTypes,
    description: endpoint.description,
    payload: endpoint.payload,
    headerNames: endpoint.headerNames,
    enabled: endpoint.enabled,
    disabledReason: endpoint.disabledReason,
    previousSecretExpiresAt: rotating ? endpoint.previousSecretExpiresAt!.toISOString() : null,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}

export function toDeliveryResource(entry: DeliveryLogEntry): WebhookDeliveryResource {
  return {
    id: entry.id,
    endpointId: entry.endpointId,
    webhookId: entry.webhookId,
    eventType: entry.eventType,
    attempt: entry.attempt,
    status: entry.status,
    responseStatus: entry.responseStatus,
    error: entry.error,
    attemptedAt: entry.attemptedAt?.toISOString() ?? null,
    nextAttemptAt: (entry.status === 'pending' ? entry.dueAt : entry.nextAttemptAt)?.toISOString() ?? null,
    replayOf: entry.replayOf,
    createdAt: entry.createdAt.toISOString(),
  };
}
