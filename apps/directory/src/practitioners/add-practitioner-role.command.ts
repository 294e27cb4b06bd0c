import { randomUUID } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  availabilityProblems,
  availableMinutesLiteral,
  type CreatePractitionerRoleRequest,
} from '@referral/contracts';
import { ValidationProblem } from '@referral/platform-http';
import { PractitionerSnapshots } from './practitioner-snapshots';
import { unknownOrganization, unknownSpecialty, uniqueViolationProblem } from './practitioner-problems';
import type { PractitionerRoleEntity } from './practitioner-role.entity';
import { PractitionerRepository } from './practitioner.repository';

/** An admin gives a practitioner a role: the role and `practitioner.role_added` (all roles) commit together. */
@Injectable()
export class AddPractitionerRoleCommand {
  constructor(
    private readonly dataSource: DataSource,
    private readonly practitioners: PractitionerRepository,
    private readonly snapshots: PractitionerSnapshots,
  ) {}

  async execute(
    practitionerId: string,
    input: CreatePractitionerRoleRequest,
  ): Promise<PractitionerRoleEntity> {
    if (!(await this.practitioners.findById(practitionerId))) {
      throw new NotFoundException(`Practitioner ${practitionerId} was not found`);
    }
    const availability = input.availability ?? [];
    const problems = availabilityProblems(availability);
    if (problems.length > 0) throw new ValidationProblem(problems);
    if (!(await this.practitioners.specialtyExists(input.specialtyCode))) throw unknownSpecialty();
    if (!(await this.practitioners.organizationExists(input.organizationId))) throw unknownOrganization();

    return this.dataSource
      .transaction(async (manager) => {
        const practitioner = await this.practitioners.findForUpdate(manager, practitionerId);
        if (!practitioner) throw new NotFoundException(`Practitioner ${practitionerId} was not found`);
        const role = await this.practitioners.insertRole(
          manager,
          {
            id: randomUUID(),
            practitionerId,
            specialtyCode: input.specialtyCode,
            organizationId: input.organizationId,
            maxOpenCases: input.maxOpenCases,
            active: true,
            availability: availability.map(({ day, start, end }) => ({ day, start, end })),
          },
          availableMinutesLiteral(availability),
        );
        await this.snapshots.publish(manager, 'practitioner.role_added', practitioner);
        return role;
      })
      .catch((error: unknown) => {
        throw uniqueViolationProblem(error);
      });
  }
}
