import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CreateOrganizationRequest, OrganizationEventData } from '@referral/contracts';
import { Outbox } from '@referral/platform-kafka';
import { OrganizationEntity } from './organization.entity';
import { OrganizationRepository } from './organization.repository';
import { toOrganizationEventData } from './organization-resource';
import { Clock } from '@referral/platform-database';

/** An administrator registers an organization: the row and `organization.created` commit together. */
@Injectable()
export class CreateOrganizationCommand {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async execute(input: CreateOrganizationRequest): Promise<OrganizationEntity> {
    const organization = Object.assign(new OrganizationEntity(), {
      id: randomUUID(),
      name: input.name,
      kind: input.kind,
      district: input.district,
      province: input.province,
      phone: input.phone ?? null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      active: true,
    } satisfies Partial<OrganizationEntity>);

    return this.dataSource.transaction(async (manager) => {
      const saved = await this.organizations.insert(manager, organization);
      await this.outbox.add<OrganizationEventData>(manager, {
        type: 'organization.created',
        subject: saved.id,
        data: toOrganizationEventData(saved, this.clock.now()),
      });
      return saved;
    });
  }
}
