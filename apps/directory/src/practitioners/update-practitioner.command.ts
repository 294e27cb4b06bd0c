import { ForbiddenException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { UpdatePractitionerRequest } from '@referral/contracts';
import type { Caller } from '@referral/platform-auth';
import { assertAccess } from './practitioner-access';
import { PractitionerSnapshots } from './practitioner-snapshots';
import { pmdcNumberTaken, unknownOrganization, uniqueViolationProblem } from './practitioner-problems';
import type { PractitionerRoleEntity } from './practitioner-role.entity';
import type { PractitionerEntity } from './practitioner.entity';
import { PractitionerRepository, type PractitionerChanges } from './practitioner.repository';

/**
 * An admin or the practitioner's coordinator changes a practitioner: the row, the search copies in
 * every role and `practitioner.updated` commit together.
 */
@Injectable()
export class UpdatePractitionerCommand {
  constructor(
    private readonly dataSource: DataSource,
    private readonly practitioners: PractitionerRepository,
    private readonly snapshots: PractitionerSnapshots,
  ) {}

  async execute(
    caller: Caller,
    id: string,
    input: UpdatePractitionerRequest,
  ): Promise<{ practitioner: PractitionerEntity; roles: PractitionerRoleEntity[] }> {
    assertAccess(caller, await this.practitioners.findById(id), id, 'update');
    if (input.organizationId !== undefined) {
      if (!caller.roles.includes('admin') && input.organizationId !== caller.organizationId) {
        throw new ForbiddenException('Only an admin moves a practitioner to another organization');
      }
      if (!(await this.practitioners.organizationExists(input.organizationId))) throw unknownOrganization();
    }
    if (input.pmdcNumber !== undefined && (await this.practitioners.pmdcNumberTaken(input.pmdcNumber, id))) {
      throw pmdcNumberTaken();
    }
    const changes: PractitionerChanges = {};
    for (const key of [
      'name',
      'pmdcNumber',
      'licenceType',
      'licenceExpiresOn',
      'phone',
      'email',
      'languages',
      'organizationId',
      'active',
    ] as const) {
      if (input[key] !== undefined) Object.assign(changes, { [key]: input[key] });
    }

    return this.dataSource
      .transaction(async (manager) => {
        await this.practitioners.findForUpdate(manager, id);
        const practitioner = await this.practitioners.update(manager, id, changes);
        const roles = await this.practitioners.rolesOf(id, manager);
        await this.snapshots.publish(manager, 'practitioner.updated', practitioner, roles);
        return { practitioner, roles };
      })
      .catch((error: unknown) => {
        throw uniqueViolationProblem(error);
      });
  }
}
