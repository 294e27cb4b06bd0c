import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { mayTake, type ReferralNeeds } from '@referral/contracts';
import { RecipientRepository, type Recipient } from './recipient.repository';

export type { Recipient } from './recipient.repository';

/** Turns the rules' audiences into practitioners and organizations, from the directory projection. */
@Injectable()
export class RecipientResolver {
  constructor(private readonly recipients: RecipientRepository) {}

  /** One practitioner; null when the projection has not heard of them. */
  practitioner(manager: EntityManager, practitionerId: string): Promise<Recipient | null> {
    return this.recipients.practitioner(manager, practitionerId);
  }

  /**
   * The specialists who may take the referral from the pool, by the eligibility rule the referrals
   * service claims by (libs/contracts `mayTake`): active, licence valid today (Asia/Karachi), an active
   * role in the specialty, the referral's language if it requires one, under capacity — and unless
   * `widened`, inside one of that role's availability windows now (no windows: always available).
   */
  async pool(
    manager: EntityManager,
    needs: ReferralNeeds,
    options: { widened: boolean; now: Date },
  ): Promise<Recipient[]> {
    const take = { now: options.now, availableAt: options.widened ? null : options.now };
    return (await this.recipients.poolCandidates(manager, needs.specialtyCode))
      .filter((candidate) => mayTake(candidate, needs, take))
      .map(({ practitionerId, organizationId, languages }) => ({
        practitionerId,
        organizationId,
        languages,
      }));
  }

  /** The organizations of the active roles of active practitioners in the specialty (its pool's), sorted. */
  poolOrganizations(manager: EntityManager, specialtyCode: string): Promise<string[]> {
    return this.recipients.poolOrganizations(manager, specialtyCode);
  }
}
