import { Body, Controller, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  CreateOrganizationRequest,
  ListOrganizationsQuery,
  OrganizationPage,
  OrganizationResource,
  pageOf,
  pageSize,
  UpdateOrganizationRequest,
  DIRECTORY_ROUTES,
  UUID_SHAPE,
} from '@referral/contracts';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { decodeKeyCursor, encodeKeyCursor } from '@referral/platform-database';
import { invalidCursor, readCursor, ServiceRoute } from '@referral/platform-http';
import { CreateOrganizationCommand } from './create-organization.command';
import { organizationNotFound } from './organization.errors';
import { OrganizationRepository } from './organization.repository';
import { toOrganizationResource } from './organization-resource';
import { UpdateOrganizationCommand } from './update-organization.command';

@ApiTags('directory')
@Controller()
export class OrganizationsController {
  constructor(
    private readonly create: CreateOrganizationCommand,
    private readonly update: UpdateOrganizationCommand,
    private readonly organizations: OrganizationRepository,
  ) {}

  @ServiceRoute(DIRECTORY_ROUTES.routes.createOrganization)
  async register(@Body() body: CreateOrganizationRequest): Promise<OrganizationResource> {
    return toOrganizationResource(await this.create.execute(body));
  }

  @ServiceRoute(DIRECTORY_ROUTES.routes.listOrganizations)
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
  @ServiceRoute(DIRECTORY_ROUTES.routes.getOrganization)
  async get(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<OrganizationResource> {
    const mayRead = caller.roles.includes('admin') || caller.organizationId === id.toLowerCase();
    const organization = mayRead ? await this.organizations.findById(id) : null;
    if (!organization) throw organizationNotFound(id);
    return toOrganizationResource(organization);
  }

  @ServiceRoute(DIRECTORY_ROUTES.routes.updateOrganization)
  async patch(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateOrganizationRequest,
  ): Promise<OrganizationResource> {
    return toOrganizationResource(await this.update.execute(id, body));
  }
}
