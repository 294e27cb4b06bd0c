import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import type { Subscription } from '@medplum/fhirtypes';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {
  CreatedWebhookEndpoint,
  WebhookEndpointPage,
  WebhookEndpointResource,
} from '@referral/contracts';
import { SERVICE_ENV } from '@referral/platform-http';
import type { FhirEnv } from '../config';
import { FhirError, orNone } from '../http/fhir-error';
import { logicalId, sendResource } from '../http/fhir-reply';
import { OperationOutcomeFilter } from '../http/operation-outcome.filter';
import { askerOf, PublicApi, type Asker } from '../http/public-api';
import { count, nextLink, searchParams, selfLink, single, type SearchParams } from '../http/search';
import { searchset } from '../mapping/bundle';
import { EXTENSIONS } from '../mapping/extensions';
import { readSubscription, toSubscription } from '../mapping/subscription';

/**
 * R4 Subscriptions (rest-hook, on Task criteria) as webhook endpoints of the notifications service:
 * the same signed, retried, logged deliveries, each an empty POST (R4 without payload) after which the
 * client reads the Tasks. Who may: the endpoint owners of the REST API (partner systems, admins).
 */
@Controller('fhir/R4/Subscription')
@UseFilters(OperationOutcomeFilter)
export class SubscriptionController {
  constructor(
    @Inject(SERVICE_ENV) private readonly env: FhirEnv,
    private readonly api: PublicApi,
  ) {}

  /**
   * Registers the endpoint; the answer (only this one) carries the signing secret of the
   * notifications in an extension, as the REST API shows it once.
   */
  @Post()
  async create(@Body() body: Subscription, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const read = readSubscription(body ?? ({} as Subscription));
    if (read.kind === 'refused') throw FhirError.of(read.status, read.detail);
    const asker = askerOf(request);
    const created = await this.api.post<CreatedWebhookEndpoint>(asker, '/v1/webhook-endpoints', read.request);
    const endpoint = read.enabled
      ? created
      : await this.api.patch<WebhookEndpointResource>(asker, `/v1/webhook-endpoints/${created.id}`, {
          enabled: false,
        });
    const subscription = this.subscriptionOf(endpoint);
    return sendResource(
      reply,
      201,
      { ...subscription, extension: [{ url: EXTENSIONS.webhookSecret, valueString: created.secret }] },
      { location: `${this.env.FHIR_BASE_URL}/Subscription/${created.id}` },
    );
  }

  @Get(':id')
  async read(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const endpoint = await this.endpoint(askerOf(request), logicalId('Subscription', id));
    return sendResource(reply, 200, this.subscriptionOf(endpoint));
  }

  /** The caller's organization's Subscriptions (its webhook endpoints that are ones). */
  @Get()
  async search(@Query() query: SearchParams, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const params = searchParams(query, []);
    const page = await this.api.get<WebhookEndpointPage>(askerOf(request), '/v1/webhook-endpoints', {
      limit: count(params),
      cursor: single(params, '_cursor'),
    });
    const subscriptions = page.items.map(toSubscription).filter((s): s is Subscription => s !== null);
    const base = this.env.FHIR_BASE_URL;
    return sendResource(
      reply,
      200,
      searchset(subscriptions, {
        base,
        self: selfLink(base, 'Subscription', params),
        next: nextLink(base, 'Subscription', params, page.nextCursor),
      }),
    );
  }

  /**
   * Deletes the Subscription (its endpoint). FHIR deletes are idempotent: one that is not there (never
   * was, already deleted, or not the caller's to see) answers 204 too — nothing is deleted, and the
   * answer says nothing about which. Roles the endpoints refuse still get 403.
   */
  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('id') id: string, @Req() request: FastifyRequest): Promise<void> {
    const asker = askerOf(request);
    const endpointId = /^[0-9a-f-]{36}$/i.test(id) ? id.toLowerCase() : undefined;
    if (!endpointId) return;
    if (await orNone(this.endpoint(asker, endpointId))) {
      await orNone(this.api.delete(asker, `/v1/webhook-endpoints/${endpointId}`));
    }
  }

  /** The endpoint, if it serves a Subscription: one registered over REST for our event JSON is not one (404). */
  private async endpoint(asker: Asker, id: string): Promise<WebhookEndpointResource> {
    const endpoint = await this.api.get<WebhookEndpointResource>(asker, `/v1/webhook-endpoints/${id}`);
    if (toSubscription(endpoint) === null) throw FhirError.of(404, `Subscription/${id} is not known`);
    return endpoint;
  }

  private subscriptionOf(endpoint: WebhookEndpointResource): Subscription {
    const subscription = toSubscription(endpoint);
    if (!subscription) throw new Error(`webhook endpoint ${endpoint.id} serves no Subscription`);
    return subscription;
  }
}
