import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { OrganizationKind, Province } from '@referral/contracts';
import { OrganizationEntity } from './organization.entity';

export interface OrganizationFilter {
  kind?: OrganizationKind;
  province?: Province;
  /** Only organizations listed after this one (newest first). */
  after?: string;
  limit: number;
}

@Injectable()
export class OrganizationRepository {
  constructor(
    @InjectRepository(OrganizationEntity) private readonly organizations: Repository<OrganizationEntity>,
  ) {}

  findById(id: string): Promise<OrganizationEntity | null> {
    return this.organizations.findOneBy({ id });
  }

  exists(id: string): Promise<boolean> {
    return this.organizations.existsBy({ id });
  }

  /** Newest first, keyset-paginated on (created_at, id); `limit + 1` rows tell whether a page follows. */
  list(filter: OrganizationFilter): Promise<OrganizationEntity[]> {
    const query = this.organizations
      .createQueryBuilder('o')
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .limit(filter.limit + 1);
    if (filter.kind) query.andWhere('o.kind = :kind', { kind: filter.kind });
    if (filter.province) query.andWhere('o.province = :province', { province: filter.province });
    if (filter.after) {
      // Compared with the row's own timestamp: microseconds that a JavaScript Date would drop stay exact.
      query.andWhere(
        '(o.created_at, o.id) < (SELECT c.created_at, c.id FROM organization c WHERE c.id = :after)',
        { after: filter.after },
      );
    }
    return query.getMany();
  }

  async insert(manager: EntityManager, organization: OrganizationEntity): Promise<OrganizationEntity> {
    await manager.insert(OrganizationEntity, organization);
    return manager.findOneByOrFail(OrganizationEntity, { id: organization.id });
  }

  /** The organization, locked until the transaction ends, so concurrent patches apply one after the other. */
  lockForUpdate(manager: EntityManager, id: string): Promise<OrganizationEntity | null> {
    return manager.findOne(OrganizationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(
    manager: EntityManager,
    id: string,
    changes: Partial<
      Pick<
        OrganizationEntity,
        'name' | 'kind' | 'district' | 'province' | 'phone' | 'latitude' | 'longitude' | 'active'
      >
    >,
  ): Promise<OrganizationEntity> {
    await manager.update(OrganizationEntity, { id }, changes);
    return manager.findOneByOrFail(OrganizationEntity, { id });
  }
}
