import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  availabilityProblems,
  availableMinutesLiteral,
  type PractitionerEventData,
  type UpdatePractitionerRoleRequest,
} from '@referral/contracts';
import type { Caller } from '@referral/platform-auth';
import { ValidationProblem } from '@referral/platform-http';
import { Outbox } from '@referral/platform-kafka';
import { Clock } from '@referral/platform-database';
import { assertAccess } from './practitioner-access';
import { toPractitionerEventData } from './practitioner-resource';
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
    private readonly outbox: Outbox,
    private readonly clock: Clock,
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
      await this.outbox.add<PractitionerEventData>(manager, {
        type: 'practitioner.role_updated',
        subject: practitionerId,
        data: toPractitionerEventData(
          practitioner,
          await this.practitioners.rolesOf(practitionerId, manager),
          this.clock.now(),
        ),
      });
      return role;
    });
  }
}
