import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OrganizationEventData, UpdateOrganizationRequest } from '@referral/contracts';
import { ValidationProblem } from '@referral/platform-http';
import { Outbox } from '@referral/platform-kafka';
import type { OrganizationEntity } from './organization.entity';
import { organizationNotFound } from './organization.errors';
import { OrganizationRepository } from './organization.repository';
import { toOrganizationEventData } from './organization-resource';
import { Clock } from '@referral/platform-database';

const PATCHABLE = [
  'name',
  'kind',
  'district',
  'province',
  'phone',
  'latitude',
  'longitude',
  'active',
] as const;

/** An administrator changes an organization: the row and `organization.updated` commit together. */
@Injectable()
export class UpdateOrganizationCommand {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** @throws ValidationProblem for a patch that changes nothing named, ProblemException 404 */
  async execute(id: string, input: UpdateOrganizationRequest): Promise<OrganizationEntity> {
    const changes = Object.fromEntries(
      PATCHABLE.filter((field) => input[field] !== undefined).map((field) => [field, input[field]]),
    ) as Partial<Pick<OrganizationEntity, (typeof PATCHABLE)[number]>>;
    if (Object.keys(changes).length === 0) {
      throw new ValidationProblem([
        { field: 'body', message: `name at least one of ${PATCHABLE.join(', ')} to change` },
      ]);
    }

    return this.dataSource.transaction(async (manager) => {
      if (!(await this.organizations.lockForUpdate(manager, id))) throw organizationNotFound(id);
      const saved = await this.organizations.update(manager, id, changes);
      await this.outbox.add<OrganizationEventData>(manager, {
        type: 'organization.updated',
        subject: saved.id,
        data: toOrganizationEventData(saved, this.clock.now()),
      });
      return saved;
    });
  }
}
