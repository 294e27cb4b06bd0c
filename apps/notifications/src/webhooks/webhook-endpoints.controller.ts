import { Body, Controller, Headers, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  CreateWebhookEndpointRequest,
  ListWebhookDeliveriesQuery,
  ListWebhookEndpointsQuery,
  UpdateWebhookEndpointRequest,
  WEBHOOK_DELIVERY_ROUTES,
  WEBHOOK_ENDPOINT_ROUTES,
} from '@referral/contracts';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { ServiceRoute } from '@referral/platform-http';

/** Partner systems' webhook endpoints: their own organization's (`partner`), or any (`admin`). */
@ApiTags('webhooks')
@Controller()
export class WebhookEndpointsController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @ServiceRoute(WEBHOOK_ENDPOINT_ROUTES.routes.register)
  register(
    @CurrentCaller() caller: Caller,
    @Body() body: CreateWebhookEndpointRequest,
    @Headers('authorization') authorization: string,
  ) {
    return this.endpoints.register(caller, body, authorization);
  }

  @ServiceRoute(WEBHOOK_ENDPOINT_ROUTES.routes.list)
  list(@CurrentCaller() caller: Caller, @Query() query: ListWebhookEndpointsQuery) {
    return this.endpoints.list(caller, query);
  }

  @ServiceRoute(WEBHOOK_ENDPOINT_ROUTES.routes.get)
  get(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.endpoints.get(caller, id);
  }

  @ServiceRoute(WEBHOOK_ENDPOINT_ROUTES.routes.update)
  update(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateWebhookEndpointRequest,
  ) {
    return this.endpoints.update(caller, id, body);
  }

  @ServiceRoute(WEBHOOK_ENDPOINT_ROUTES.routes.remove)
  async remove(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.endpoints.remove(caller, id);
  }

  @ServiceRoute(WEBHOOK_ENDPOINT_ROUTES.routes.test)
  test(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.endpoints.sendTest(caller, id);
  }

  @ServiceRoute(WEBHOOK_ENDPOINT_ROUTES.routes.deliveries)
  deliveries(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: ListWebhookDeliveriesQuery,
  ) {
    return this.endpoints.deliveries(caller, id, query);
  }
}

/** Replaying one entry of a delivery log. */
@ApiTags('webhooks')
@Controller()
export class WebhookDeliveriesController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @ServiceRoute(WEBHOOK_DELIVERY_ROUTES.routes.replay)
  replay(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.endpoints.replay(caller, id);
  }
}
