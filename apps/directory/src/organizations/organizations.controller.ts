import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  CreateOrganizationRequest,
  ListOrganizationsQuery,
  OrganizationPage,
  OrganizationResource,
  UpdateOrganizationRequest,
} from '@referral/contracts';
import { CurrentCaller, Roles, type Caller } from '@referral/platform-auth';
import { CreateOrganizationCommand } from './create-organization.command';
import { decodeOrganizationCursor, encodeOrganizationCursor, invalidCursor } from './organization-cursor';
import { organizationNotFound } from './organization.errors';
import { OrganizationRepository } from './organization.repository';
import { toOrganizationResource } from './organization-resource';
import { UpdateOrganizationCommand } from './update-organization.command';

const DEFAULT_PAGE_SIZE = 20;

@ApiTags('directory')
@Controller('v1/organizations')
export class OrganizationsController {
  constructor(
    private readonly create: CreateOrganizationCommand,
    private readonly update: UpdateOrganizationCommand,
    private readonly organizations: OrganizationRepository,
  ) {}

  @Post()
  @Roles('admin')
  @HttpCode(201)
  @ApiCreatedResponse({ type: OrganizationResource })
  async register(@Body() body: CreateOrganizationRequest): Promise<OrganizationResource> {
    return toOrganizationResource(await this.create.execute(body));
  }

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: OrganizationPage })
  async list(@Query() query: ListOrganizationsQuery): Promise<OrganizationPage> {
    const after = query.cursor === undefined ? undefined : decodeOrganizationCursor(query.cursor);
    if (after && !(await this.organizations.exists(after))) throw invalidCursor();
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.organizations.list({ kind: query.kind, province: query.province, after, limit });
    const items = rows.slice(0, limit);
    return {
      items: items.map(toOrganizationResource),
      nextCursor: rows.length > limit ? encodeOrganizationCursor(items[items.length - 1].id) : null,
    };
  }

  /** Admins read any organization; every other role only its own, and 404 for the rest. */
  @Get(':id')
  @ApiOkResponse({ type: OrganizationResource })
  async get(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<OrganizationResource> {
    const mayRead = caller.roles.includes('admin') || caller.organizationId === id.toLowerCase();
    const organization = mayRead ? await this.organizations.findById(id) : null;
    if (!organization) throw organizationNotFound(id);
    return toOrganizationResource(organization);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: OrganizationResource })
  async patch(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateOrganizationRequest,
  ): Promise<OrganizationResource> {
    return toOrganizationResource(await this.update.execute(id, body));
  }
}
