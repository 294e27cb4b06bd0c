import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, ReferralEventData } from '@referral/contracts';
import { PractitionerProjection } from '../directory/practitioner-projection';
import { DeliveryWorker } from './delivery-worker';
import { matchesEventType } from './event-type-match';
import { referralWebhookBody } from './webhook-payload';
import { WebhookRepository } from './webhook.repository';

/**
 * Turns a referral event into webhook deliveries, in the transaction of the consumer's inbox row: the
 * message (webhook-id = the event's id) and a pending first attempt for every enabled endpoint of an
 * involved organization that subscribes to the type. A redelivered event is skipped by the inbox, and
 * even without it the unique (endpoint, webhook-id) index would not let it double a delivery.
 */
@Injectable()
export class WebhookFanout {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly practitioners: PractitionerProjection,
    private readonly worker: DeliveryWorker,
  ) {}

  /** How many deliveries it scheduled. */
  async referralEvent(
    manager: EntityManager,
    envelope: EventEnvelope,
    data: ReferralEventData,
  ): Promise<number> {
    const organizations = await this.involvedOrganizations(manager, data);
    const endpoints = (await this.webhooks.enabledEndpointsOf(manager, organizations)).filter((endpoint) =>
      matchesEventType(endpoint.eventTypes, envelope.type),
    );
    if (endpoints.length === 0) return 0;
    await this.webhooks.insertMessage(manager, {
      id: envelope.id,
      eventType: envelope.type,
      body: referralWebhookBody(envelope.type, data),
    });
    const scheduled = await this.webhooks.insertFirstAttempts(
      manager,
      envelope.id,
      endpoints.map((endpoint) => endpoint.id),
    );
    // Sent as soon as the consumer's transaction commits, not at the worker's next poll.
    this.worker.wakeAfterCommit(manager);
    return scheduled;
  }

  /**
   * The organizations a referral event involves: the referring organization, and the organizations of
   * the roles, in the referral's specialty, of its holder, its target and the specialist who acted
   * (so that the holder's organization hears that its specialist released or declined it), as this
   * service's projection of the directory knows them.
   */
  async involvedOrganizations(manager: EntityManager, data: ReferralEventData): Promise<string[]> {
    const practitioners = [
      data.holderPractitionerId,
      data.targetPractitionerId,
      data.actor?.practitionerId,
    ].filter((id): id is string => typeof id === 'string');
    const roles = await this.practitioners.organizationsOfRoles(
      manager,
      [...new Set(practitioners)],
      data.specialtyCode,
    );
    return [...new Set([data.referringOrganizationId, ...roles])];
  }
}
