import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  CreateOrganizationRequest,
  ListOrganizationsQuery,
  OrganizationPage,
  OrganizationResource,
  pageOf,
  pageSize,
  UpdateOrganizationRequest,
} from '@referral/contracts';
import { CurrentCaller, Roles, type Caller } from '@referral/platform-auth';
import { decodeKeyCursor, encodeKeyCursor, UUID_SHAPE } from '@referral/platform-database';
import { invalidCursor, readCursor } from '@referral/platform-http';
import { CreateOrganizationCommand } from './create-organization.command';
import { organizationNotFound } from './organization.errors';
import { OrganizationRepository } from './organization.repository';
import { toOrganizationResource } from './organization-resource';
import { UpdateOrganizationCommand } from './update-organization.command';

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
    // The cursor is the last organization's id: the repository compares against that row's own
    // (created_at, id), so the cursor never carries a timestamp JavaScript would round to milliseconds.
    const after = readCursor(query.cursor, (cursor) => decodeKeyCursor(cursor, UUID_SHAPE));
    if (after && !(await this.organizations.exists(after))) throw invalidCursor();
    const limit = pageSize(query);
    const rows = await this.organizations.list({ kind: query.kind, province: query.province, after, limit });
    return pageOf(rows, limit, toOrganizationResource, ({ id }) => encodeKeyCursor(id));
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
