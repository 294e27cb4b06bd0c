import { Body, Controller, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  CreatePractitionerRequest,
  CreatePractitionerRoleRequest,
  karachiDate,
  PractitionerResource,
  PractitionerRoleResource,
  PractitionerSearchPage,
  SearchPractitionersQuery,
  UpdatePractitionerRequest,
  UpdatePractitionerRoleRequest,
  DIRECTORY_ROUTES,
} from '@referral/contracts';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { Clock } from '@referral/platform-database';
import { AddPractitionerRoleCommand } from './add-practitioner-role.command';
import { assertAccess } from './practitioner-access';
import { toPractitionerResource, toRoleResource } from './practitioner-resource';
import { PractitionerSearch } from './practitioner-search.service';
import { PractitionerRepository } from './practitioner.repository';
import { RegisterPractitionerCommand } from './register-practitioner.command';
import { UpdatePractitionerRoleCommand } from './update-practitioner-role.command';
import { UpdatePractitionerCommand } from './update-practitioner.command';
import { ServiceRoute } from '@referral/platform-http';

@ApiTags('practitioners')
@Controller()
export class PractitionersController {
  constructor(
    private readonly register: RegisterPractitionerCommand,
    private readonly update: UpdatePractitionerCommand,
    private readonly addRole: AddPractitionerRoleCommand,
    private readonly updateRole: UpdatePractitionerRoleCommand,
    private readonly searcher: PractitionerSearch,
    private readonly practitioners: PractitionerRepository,
    private readonly clock: Clock,
  ) {}

  @ServiceRoute(DIRECTORY_ROUTES.routes.createPractitioner)
  async create(@Body() body: CreatePractitionerRequest): Promise<PractitionerResource> {
    return toPractitionerResource(await this.register.execute(body), [], this.today());
  }

  @ServiceRoute(DIRECTORY_ROUTES.routes.searchPractitioners)
  search(@Query() query: SearchPractitionersQuery): Promise<PractitionerSearchPage> {
    return this.searcher.search(query);
  }

  /**
   * Any role may be the practitioner themself; who else may read is decided per practitioner.
   * `contact-reader` (the notifications service) reads every practitioner, for the contact details.
   */
  @ServiceRoute(DIRECTORY_ROUTES.routes.getPractitioner)
  async get(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<PractitionerResource> {
    const practitioner = await this.practitioners.findById(id);
    assertAccess(caller, practitioner, id, 'read');
    return toPractitionerResource(practitioner, await this.practitioners.rolesOf(id), this.today());
  }

  @ServiceRoute(DIRECTORY_ROUTES.routes.updatePractitioner)
  async patch(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdatePractitionerRequest,
  ): Promise<PractitionerResource> {
    const { practitioner, roles } = await this.update.execute(caller, id, body);
    return toPractitionerResource(practitioner, roles, this.today());
  }

  @ServiceRoute(DIRECTORY_ROUTES.routes.addRole)
  async createRole(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CreatePractitionerRoleRequest,
  ): Promise<PractitionerRoleResource> {
    return toRoleResource(await this.addRole.execute(id, body));
  }

  /** Any role may be the practitioner themself; otherwise only an admin. */
  @ServiceRoute(DIRECTORY_ROUTES.routes.updateRole)
  async patchRole(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('roleId', new ParseUUIDPipe()) roleId: string,
    @Body() body: UpdatePractitionerRoleRequest,
  ): Promise<PractitionerRoleResource> {
    return toRoleResource(await this.updateRole.execute(caller, id, roleId, body));
  }

  private today(): string {
    return karachiDate(this.clock.now());
  }
}
