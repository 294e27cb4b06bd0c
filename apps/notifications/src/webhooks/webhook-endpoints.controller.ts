import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  CreatedWebhookEndpoint,
  CreateWebhookEndpointRequest,
  ListWebhookDeliveriesQuery,
  ListWebhookEndpointsQuery,
  UpdatedWebhookEndpoint,
  UpdateWebhookEndpointRequest,
  WebhookDeliveryPage,
  WebhookDeliveryResource,
  WebhookEndpointPage,
  WebhookEndpointResource,
} from '@referral/contracts';
import { CurrentCaller, Roles, type Caller } from '@referral/platform-auth';
import { WebhookEndpointsService } from './webhook-endpoints.service';

/** Partner systems' webhook endpoints: their own organization's (`partner`), or any (`admin`). */
@ApiTags('webhooks')
@Roles('admin', 'partner')
@Controller('v1/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: CreatedWebhookEndpoint })
  register(
    @CurrentCaller() caller: Caller,
    @Body() body: CreateWebhookEndpointRequest,
    @Headers('authorization') authorization: string,
  ) {
    return this.endpoints.register(caller, body, authorization);
  }

  @Get()
  @ApiOkResponse({ type: WebhookEndpointPage })
  list(@CurrentCaller() caller: Caller, @Query() query: ListWebhookEndpointsQuery) {
    return this.endpoints.list(caller, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: WebhookEndpointResource })
  get(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.endpoints.get(caller, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UpdatedWebhookEndpoint })
  update(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateWebhookEndpointRequest,
  ) {
    return this.endpoints.update(caller, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.endpoints.remove(caller, id);
  }

  @Post(':id/test')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: WebhookDeliveryResource })
  test(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.endpoints.sendTest(caller, id);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: WebhookDeliveryPage })
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
@Roles('admin', 'partner')
@Controller('v1/webhook-deliveries')
export class WebhookDeliveriesController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @Post(':id/replay')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: WebhookDeliveryResource })
  replay(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.endpoints.replay(caller, id);
  }
}
