import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  isKnownSpecialty,
  judgeEligibility,
  mayTake,
  SPECIALTY_CODES,
  type EligibilityVerdict,
  type SpecialtyCode,
} from '@referral/contracts';
import { SpecialistRepository } from './specialist.repository';

export interface EligibilityCriteria {
  specialtyCode: string;
  /** ISO 639 code the specialist must speak (the referral's `requiredLanguage`); null, undefined or '': none required. */
  language?: string | null;
  /** The current instant: "today" (Asia/Karachi) for the licence. Passed in so that tests can move the clock. */
  now: Date;
}

export interface EligibleSpecialistsQuery {
  language?: string | null;
  /** Only specialists with an active role in the specialty available at this instant (its Karachi day and time). */
  availableAt?: Date;
  /** The current instant (licence validity). */
  now: Date;
}

/**
 * Who may take a referral: the shared rule of libs/contracts (`judgeEligibility`, `mayTake`, the one
 * the notifications service offers pool referrals by) over this service's projection of the directory
 * and its own referrals (capacity). Every method runs on the caller's transaction when given its
 * EntityManager, else on its own connection; none reads the clock.
 */
@Injectable()
export class Eligibility {
  constructor(private readonly specialists: SpecialistRepository) {}

  /** Whether one practitioner may take a referral of a specialty, and how many cases they hold. */
  async check(
    practitionerId: string,
    criteria: EligibilityCriteria,
    manager?: EntityManager,
  ): Promise<EligibilityVerdict> {
    const candidate = await this.specialists.candidate(practitionerId, criteria.specialtyCode, manager);
    return judgeEligibility(
      candidate,
      { specialtyCode: criteria.specialtyCode, requiredLanguage: criteria.language },
      criteria.now,
    );
  }

  /**
   * Locks the specialist's row until the caller's transaction ends, so that two claims by one
   * specialist count their capacity one after the other: call it first, then `check` (READ COMMITTED,
   * PostgreSQL's default: the count after the lock sees the other claim once it committed).
   * @returns false when the practitioner is not in the projection (nothing locked)
   */
  lockForClaim(practitionerId: string, manager: EntityManager): Promise<boolean> {
    return this.specialists.lock(practitionerId, manager);
  }

  /**
   * The organizations of the active roles of active specialists in the specialty ("the pool's
   * organizations": their coordinators see the pool's referrals), sorted.
   */
  poolOrganizations(specialtyCode: string, manager?: EntityManager): Promise<string[]> {
    return this.specialists.poolOrganizations(specialtyCode, manager);
  }

  /**
   * The practitioners who could take a referral of the specialty (`mayTake`): eligible (as `check`)
   * and under capacity, and when `availableAt` is given, inside a window of one of their active roles
   * in the specialty (no windows: always available). Sorted by id.
   */
  async eligibleSpecialists(
    specialtyCode: string,
    query: EligibleSpecialistsQuery,
    manager?: EntityManager,
  ): Promise<string[]> {
    const needs = { specialtyCode, requiredLanguage: query.language };
    const options = { now: query.now, availableAt: query.availableAt ?? null };
    return (await this.specialists.candidatesFor(specialtyCode, manager))
      .filter((candidate) => mayTake(candidate, needs, options))
      .map((candidate) => candidate.practitionerId);
  }

  /** The specialty codes of the contract (there is no specialty event: SPECIALTY_CODES of libs/contracts). */
  specialtiesKnown(): readonly SpecialtyCode[] {
    return SPECIALTY_CODES;
  }

  isKnownSpecialty(code: unknown): code is SpecialtyCode {
    return isKnownSpecialty(code);
  }
}
