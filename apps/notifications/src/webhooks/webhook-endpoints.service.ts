import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  pageOf,
  pageSize,
  WEBHOOK_TEST_EVENT_TYPE,
  type CreatedWebhookEndpoint,
  type CreateWebhookEndpointRequest,
  type ListWebhookDeliveriesQuery,
  type ListWebhookEndpointsQuery,
  type UpdatedWebhookEndpoint,
  type UpdateWebhookEndpointRequest,
  type WebhookDeliveryPage,
  type WebhookDeliveryResource,
  type WebhookEndpointPage,
} from '@referral/contracts';
import type { Caller } from '@referral/platform-auth';
import { Clock, decodeKeysetCursor, encodeKeysetCursor } from '@referral/platform-database';
import { readCursor, SERVICE_ENV } from '@referral/platform-http';
import { webhookAddressPolicy, type NotificationsEnv } from '../config';
import { DirectoryOrganizations, DirectoryUnavailable } from '../directory/directory-organizations';
import { OrganizationProjection } from '../directory/organization-projection';
import type { AddressPolicy } from './address-policy';
import { type Resolver } from './outbound-address';
import { SecretCipher } from './secret-cipher';
import { generateSecret } from './signature';
import type { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { sealHeaders } from './webhook-headers';
import { testWebhookBody } from './webhook-payload';
import {
  badUrl,
  deliveryNotFound,
  deliveryPending,
  directoryUnavailable,
  endpointDisabled,
  endpointNotFound,
  notOwnOrganization,
  organizationRequired,
  unknownOrganization,
} from './webhook-problems';
import { toDeliveryResource, toEndpointResource } from './webhook-resources';
import { webhookUrlProblem } from './webhook-url';
import { WebhookRepository } from './webhook.repository';

/** How URLs are resolved when they are checked (the system's resolver; tests may give another). */
export const WEBHOOK_RESOLVER = Symbol('WEBHOOK_RESOLVER');

const isAdmin = (caller: Caller) => caller.roles.includes('admin');

/**
 * The webhook endpoints API (API.md "Notifications"): owners are the endpoint's organization's
 * partner clients and admins (every organization); anyone else is 404 for an endpoint (403 before,
 * from the role check). The signing secret is returned once, when made or rotated, and stored
 * encrypted.
 */
@Injectable()
export class WebhookEndpointsService {
  private readonly policy: AddressPolicy;

  constructor(
    private readonly dataSource: DataSource,
    private readonly webhooks: WebhookRepository,
    private readonly cipher: SecretCipher,
    private readonly organizations: OrganizationProjection,
    private readonly directory: DirectoryOrganizations,
    @Inject(SERVICE_ENV) private readonly env: NotificationsEnv,
    @Inject(WEBHOOK_RESOLVER) private readonly resolve: Resolver,
    private readonly clock: Clock,
  ) {
    this.policy = webhookAddressPolicy(env);
  }

  /** `authorization`: the caller's own header, for the directory when the projection lacks the organization. */
  async register(
    caller: Caller,
    body: CreateWebhookEndpointRequest,
    authorization: string,
  ): Promise<CreatedWebhookEndpoint> {
    let organizationId: string;
    if (isAdmin(caller)) {
      if (!body.organizationId) throw organizationRequired();
      await this.checkOrganization(body.organizationId, authorization);
      organizationId = body.organizationId;
    } else {
      if (body.organizationId && body.organizationId !== caller.organizationId) throw notOwnOrganization();
      organizationId = caller.organizationId;
    }
    await this.checkUrl(body.url);
    const id = randomUUID();
    const secret = generateSecret();
    const endpoint = await this.webhooks.insertEndpoint({
      id,
      organizationId,
      url: body.url,
      eventTypes: body.eventTypes,
      description: body.description ?? null,
      payload: body.payload ?? 'event',
      ...sealHeaders(this.cipher, id, body.headers ?? []),
      enabled: true,
      disabledReason: null,
      secretCiphertext: this.cipher.encrypt(secret, id),
      previousSecretCiphertext: null,
      previousSecretExpiresAt: null,
    });
    return { ...toEndpointResource(endpoint, this.clock.now()), secret };
  }

  async list(caller: Caller, query: ListWebhookEndpointsQuery): Promise<WebhookEndpointPage> {
    if (!isAdmin(caller) && query.organizationId && query.organizationId !== caller.organizationId) {
      throw notOwnOrganization();
    }
    const after = readCursor(query.cursor, decodeKeysetCursor);
    const limit = pageSize(query);
    const rows = await this.webhooks.listEndpoints({
      organizationId: isAdmin(caller) ? query.organizationId : caller.organizationId,
      after,
      limit,
    });
    return pageOf(
      rows,
      limit,
      (endpoint) => toEndpointResource(endpoint, this.clock.now()),
      encodeKeysetCursor,
    );
  }

  async get(caller: Caller, id: string) {
    return toEndpointResource(await this.owned(caller, id), this.clock.now());
  }

  async update(
    caller: Caller,
    id: string,
    body: UpdateWebhookEndpointRequest,
  ): Promise<UpdatedWebhookEndpoint> {
    await this.owned(caller, id);
    if (body.url !== undefined) await this.checkUrl(body.url);
    return this.dataSource.transaction(async (manager) => {
      const endpoint = await this.webhooks.lockEndpoint(manager, id);
      if (!endpoint) throw endpointNotFound(id);
      const changes: Partial<WebhookEndpointEntity> = {};
      if (body.url !== undefined) changes.url = body.url;
      if (body.eventTypes !== undefined) changes.eventTypes = body.eventTypes;
      if (body.description !== undefined) changes.description = body.description;
      if (body.payload !== undefined) changes.payload = body.payload;
      if (body.headers !== undefined) Object.assign(changes, sealHeaders(this.cipher, id, body.headers));
      if (body.enabled !== undefined && body.enabled !== endpoint.enabled) {
        changes.enabled = body.enabled;
        changes.disabledReason = body.enabled ? null : 'manual';
      }
      let secret: string | undefined;
      if (body.rotateSecret) {
        secret = generateSecret();
        changes.secretCiphertext = this.cipher.encrypt(secret, id);
        changes.previousSecretCiphertext = endpoint.secretCiphertext;
        changes.previousSecretExpiresAt = new Date(
          this.clock.now().getTime() + this.env.WEBHOOK_SECRET_ROTATION_HOURS * 3_600_000,
        );
      }
      const updated = await this.webhooks.updateEndpoint(manager, id, changes);
      return { ...toEndpointResource(updated, this.clock.now()), ...(secret && { secret }) };
    });
  }

  async remove(caller: Caller, id: string): Promise<void> {
    await this.owned(caller, id);
    await this.webhooks.deleteEndpoint(id);
  }

  /** A `webhook.test` message to this endpoint alone, whatever it subscribes to. */
  async sendTest(caller: Caller, id: string): Promise<WebhookDeliveryResource> {
    const endpoint = await this.owned(caller, id);
    if (!endpoint.enabled) throw endpointDisabled(id);
    return this.dataSource.transaction(async (manager) => {
      const webhookId = randomUUID();
      const body = testWebhookBody(endpoint.id, endpoint.organizationId, this.clock.now());
      await this.webhooks.insertMessage(manager, { id: webhookId, eventType: WEBHOOK_TEST_EVENT_TYPE, body });
      return toDeliveryResource(
        await this.webhooks.insertChain(manager, { endpointId: id, webhookId, replayOf: null }),
      );
    });
  }

  async deliveries(
    caller: Caller,
    id: string,
    query: ListWebhookDeliveriesQuery,
  ): Promise<WebhookDeliveryPage> {
    await this.owned(caller, id);
    const before = readCursor(query.cursor, decodeKeysetCursor);
    const limit = pageSize(query);
    const rows = await this.webhooks.listDeliveries(id, {
      status: query.status,
      webhookId: query.webhookId,
      before,
      limit,
    });
    return pageOf(rows, limit, toDeliveryResource, encodeKeysetCursor);
  }

  /** The same message (same webhook-id and body) to the same endpoint again, in a new chain of attempts. */
  async replay(caller: Caller, deliveryId: string): Promise<WebhookDeliveryResource> {
    const entry = await this.webhooks.findDelivery(deliveryId);
    if (!entry) throw deliveryNotFound(deliveryId);
    const endpoint = await this.webhooks.findEndpoint(entry.endpointId);
    if (!endpoint || !this.mayManage(caller, endpoint)) throw deliveryNotFound(deliveryId);
    if (!endpoint.enabled) throw endpointDisabled(endpoint.id);
    return this.dataSource.transaction(async (manager) => {
      // Serialises replays of one endpoint, so that two at once cannot both pass the pending check.
      await this.webhooks.lockEndpoint(manager, endpoint.id);
      if (await this.webhooks.hasPendingAttempt(manager, endpoint.id, entry.webhookId)) {
        throw deliveryPending(entry.webhookId);
      }
      return toDeliveryResource(
        await this.webhooks.insertChain(manager, {
          endpointId: endpoint.id,
          webhookId: entry.webhookId,
          replayOf: entry.id,
        }),
      );
    });
  }

  private mayManage(caller: Caller, endpoint: WebhookEndpointEntity): boolean {
    return isAdmin(caller) || endpoint.organizationId === caller.organizationId;
  }

  private async owned(caller: Caller, id: string): Promise<WebhookEndpointEntity> {
    const endpoint = await this.webhooks.findEndpoint(id);
    if (!endpoint || !this.mayManage(caller, endpoint)) throw endpointNotFound(id);
    return endpoint;
  }

  /**
   * Only organizations of the directory, active or not: those it announced (directory.organization.v1),
   * else those its API knows when asked with the caller's token (Kafka keeps the topic for days only, so
   * older organizations never reach the projection); those are added to it. 422 when the directory does
   * not know the organization, 503 when it cannot be asked.
   */
  private async checkOrganization(organizationId: string, authorization: string): Promise<void> {
    if (await this.organizations.knows(this.dataSource.manager, organizationId)) return;
    let organization;
    try {
      organization = await this.directory.find(organizationId, authorization);
    } catch (error) {
      if (error instanceof DirectoryUnavailable) throw directoryUnavailable();
      throw error;
    }
    if (!organization) throw unknownOrganization();
    await this.organizations.remember(
      this.dataSource.manager,
      organizationId,
      organization.active,
      organization.updatedAt,
    );
  }

  private async checkUrl(url: string): Promise<void> {
    const problem = await webhookUrlProblem(url, {
      production: this.env.NODE_ENV === 'production',
      policy: this.policy,
      resolve: this.resolve,
    });
    if (problem) throw badUrl(problem);
  }
}
