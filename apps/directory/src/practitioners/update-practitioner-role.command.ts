import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  availabilityProblems,
  availableMinutesLiteral,
  type UpdatePractitionerRoleRequest,
} from '@referral/contracts';
import type { Caller } from '@referral/platform-auth';
import { ValidationProblem } from '@referral/platform-http';
import { assertAccess } from './practitioner-access';
import { PractitionerSnapshots } from './practitioner-snapshots';
import type { PractitionerRoleEntity } from './practitioner-role.entity';
import { PractitionerRepository, type RoleChanges } from './practitioner.repository';

/**
 * An admin or the practitioner themself changes a role's capacity, availability or active flag: the
 * role, its search columns and `practitioner.role_updated` (all roles) commit together.
 */
@Injectable()
export class UpdatePractitionerRoleCommand {
  constructor(
    private readonly dataSource: DataSource,
    private readonly practitioners: PractitionerRepository,
    private readonly snapshots: PractitionerSnapshots,
  ) {}

  async execute(
    caller: Caller,
    practitionerId: string,
    roleId: string,
    input: UpdatePractitionerRoleRequest,
  ): Promise<PractitionerRoleEntity> {
    assertAccess(caller, await this.practitioners.findById(practitionerId), practitionerId, 'update-role');
    const problems = availabilityProblems(input.availability ?? []);
    if (problems.length > 0) throw new ValidationProblem(problems);
    const changes: RoleChanges = {};
    if (input.maxOpenCases !== undefined) changes.maxOpenCases = input.maxOpenCases;
    if (input.active !== undefined) changes.active = input.active;
    if (input.availability !== undefined) {
      changes.availability = input.availability.map(({ day, start, end }) => ({ day, start, end }));
    }

    return this.dataSource.transaction(async (manager) => {
      const practitioner = await this.practitioners.findForUpdate(manager, practitionerId);
      const existing = await this.practitioners.findRole(manager, practitionerId, roleId);
      if (!practitioner || !existing) throw new NotFoundException(`Role ${roleId} was not found`);
      const role = await this.practitioners.updateRole(
        manager,
        roleId,
        changes,
        input.availability && availableMinutesLiteral(input.availability),
      );
      await this.snapshots.publish(manager, 'practitioner.role_updated', practitioner);
      return role;
    });
  }
}
