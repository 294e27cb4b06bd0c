import type { WebhookDeliveryResource, WebhookEndpointResource } from '@referral/contracts';
import type { WebhookEndpointEntity } from './webhook-endpoint.entity';
import type { DeliveryLogEntry, Position } from './webhook.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toEndpointResource(
  endpoint: WebhookEndpointEntity,
  now = new Date(),
): WebhookEndpointResource {
  const rotating = endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now;
  return {
    id: endpoint.id,
    organizationId: endpoint.organizationId,
    url: endpoint.url,
    eventTypes: endpoint.eventTypes,
    description: endpoint.description,
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

/** An opaque list position: the last item's creation time and id. */
export function encodeCursor(item: Position): string {
  return Buffer.from(JSON.stringify([item.createdAt.toISOString(), item.id])).toString('base64url');
}

/** The position of a cursor; undefined when it is not one of ours (the caller answers 422). */
export function decodeCursor(cursor: string): Position | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      typeof value[1] === 'string' &&
      UUID.test(value[1])
    ) {
      return { createdAt: new Date(value[0]), id: value[1] };
    }
  } catch {
    // not JSON: not ours
  }
  return undefined;
}
