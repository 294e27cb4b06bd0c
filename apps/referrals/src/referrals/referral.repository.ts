import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { ReferralHistoryEntity } from './referral-history.entity';
import { ReferralEntity } from './referral.entity';

@Injectable()
export class ReferralRepository {
  constructor(@InjectRepository(ReferralEntity) private readonly referrals: Repository<ReferralEntity>) {}

  /** A referral visible to the organization; strangers get nothing (the caller answers 404). */
  findForOrganization(id: string, organizationId: string): Promise<ReferralEntity | null> {
    return this.referrals.findOneBy({ id, referringOrganizationId: organizationId });
  }

  async insert(manager: EntityManager, referral: ReferralEntity, history: Partial<ReferralHistoryEntity>) {
    await manager.insert(ReferralEntity, referral);
    await manager.insert(ReferralHistoryEntity, history);
    return manager.findOneByOrFail(ReferralEntity, { id: referral.id });
  }
}
