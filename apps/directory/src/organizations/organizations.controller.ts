import { Body, Controller, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  CreateOrganizationRequest,
  ListOrganizationsQuery,
  OrganizationPage,
  OrganizationResource,
  UpdateOrganizationRequest,
  DIRECTORY_ROUTES,
} from '@referral/contracts';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { CreateOrganizationCommand } from './create-organization.command';
import { decodeOrganizationCursor, encodeOrganizationCursor, invalidCursor } from './organization-cursor';
import { organizationNotFound } from './organization.errors';
import { OrganizationRepository } from './organization.repository';
import { toOrganizationResource } from './organization-resource';
import { UpdateOrganizationCommand } from './update-organization.command';
import { ServiceRoute } from '@referral/platform-http';

const DEFAULT_PAGE_SIZE = 20;

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
