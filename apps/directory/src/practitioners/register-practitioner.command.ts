import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CreatePractitionerRequest } from '@referral/contracts';
import { PractitionerSnapshots } from './practitioner-snapshots';
import { pmdcNumberTaken, unknownOrganization, uniqueViolationProblem } from './practitioner-problems';
import { PractitionerEntity } from './practitioner.entity';
import { PractitionerRepository } from './practitioner.repository';

/** An admin registers a practitioner: the row and `practitioner.registered` commit together. */
@Injectable()
export class RegisterPractitionerCommand {
  constructor(
    private readonly dataSource: DataSource,
    private readonly practitioners: PractitionerRepository,
    private readonly snapshots: PractitionerSnapshots,
  ) {}

  async execute(input: CreatePractitionerRequest): Promise<PractitionerEntity> {
    if (!(await this.practitioners.organizationExists(input.organizationId))) throw unknownOrganization();
    if (await this.practitioners.pmdcNumberTaken(input.pmdcNumber)) throw pmdcNumberTaken();
    const practitioner = Object.assign(new PractitionerEntity(), {
      id: randomUUID(),
      name: input.name,
      pmdcNumber: input.pmdcNumber,
      licenceType: input.licenceType,
      licenceExpiresOn: input.licenceExpiresOn,
      phone: input.phone,
      email: input.email ?? null,
      languages: input.languages,
      organizationId: input.organizationId,
      active: true,
    } satisfies Partial<PractitionerEntity>);

    return this.dataSource
      .transaction(async (manager) => {
        const saved = await this.practitioners.insert(manager, practitioner);
        await this.snapshots.publish(manager, 'practitioner.registered', saved, []);
        return saved;
      })
      .catch((error: unknown) => {
        throw uniqueViolationProblem(error);
      });
  }
}
