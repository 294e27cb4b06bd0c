import { karachiDate, karachiMinuteOfWeek } from './availability';
import type { ReferralStatus } from './events/referral.events';

/**
 * "Who may take this referral now", defined once. The referrals service (claims, assignments, the
 * named target of a submission) and the notifications service (who hears about a pool referral) each
 * read the facts below from their own projection of the directory and of the referrals, and let this
 * module decide: neither writes the rule in SQL.
 */

/** The statuses of a referral its holder is working on: what counts against their capacity. */
export const OPEN_HELD_STATUSES = [
  'received',
  'in-progress',
  'on-hold',
] as const satisfies readonly ReferralStatus[];

/** The rules a candidate may fail, in the order they are checked (the first one failed is named). */
export const INELIGIBLE_REASONS = ['unknown', 'inactive', 'licence-expired', 'no-role', 'language'] as const;
export type IneligibleReason = (typeof INELIGIBLE_REASONS)[number];

/** A half-open range of minutes of the week, Monday 00:00 = 0 (as `weekMinutes` of `availability`). */
export type WeekMinuteRange = readonly [start: number, end: number];

/** One of a practitioner's roles, as a projection of `directory.practitioner.v1` holds it. */
export interface CandidateRole {
  specialtyCode: string;
  organizationId: string;
  active: boolean;
  /** The role's capacity; null when the projection has not heard it yet (no limit until it has). */
  maxOpenCases: number | null;
  /** When the role is available; null: always; empty: never (its windows were all unusable). */
  availableMinutes: readonly WeekMinuteRange[] | null;
}

/** What a service knows about a practitioner who might take a referral. */
export interface Candidate {
  active: boolean;
  /** The last day (`YYYY-MM-DD`, Asia/Karachi) the licence is valid; null when the projection has not heard it yet. */
  licenceValidUntil: string | null;
  /** ISO 639 codes. */
  languages: readonly string[];
  /** Their roles; those of other specialties than the referral's are ignored. */
  roles: readonly CandidateRole[];
  /** The referrals they hold in an open held status (OPEN_HELD_STATUSES), of any specialty. */
  openCases: number;
}

/** What a referral asks of whoever takes it. */
export interface ReferralNeeds {
  specialtyCode: string;
  /** ISO 639 code the specialist must speak; null, undefined or '': none required. */
  requiredLanguage?: string | null;
}

export interface EligibilityVerdict {
  /** Known, active, licence valid today (Asia/Karachi), an active role in the specialty, speaks the language. */
  eligible: boolean;
  /** The first rule that failed, in the order of INELIGIBLE_REASONS. */
  reason?: IneligibleReason;
  /** openCases >= maxOpenCases (always true without an active role in the specialty). Not part of `eligible`. */
  atCapacity: boolean;
  openCases: number;
  /** The largest capacity of their active roles in the specialty; 0 without one. */
  maxOpenCases: number;
  /** The organizations of their active roles in the specialty, distinct and sorted. */
  organizationIds: string[];
}

/**
 * Whether a practitioner may take a referral, and how their capacity stands. `candidate` null: the
 * projection has not heard of them. `now` gives "today" (Asia/Karachi) for the licence. A role whose
 * capacity is not known yet leaves the practitioner under capacity.
 */
export function judgeEligibility(
  candidate: Candidate | null,
  needs: ReferralNeeds,
  now: Date,
): EligibilityVerdict {
  if (!candidate) {
    return {
      eligible: false,
      reason: 'unknown',
      atCapacity: true,
      openCases: 0,
      maxOpenCases: 0,
      organizationIds: [],
    };
  }
  const roles = activeRolesIn(candidate, needs.specialtyCode);
  const capacities = roles.map((role) => role.maxOpenCases);
  const maxOpenCases = Math.max(0, ...capacities.filter((capacity) => capacity !== null));
  const capacityUnknown = capacities.includes(null);
  const reason: IneligibleReason | undefined = !candidate.active
    ? 'inactive'
    : candidate.licenceValidUntil !== null && candidate.licenceValidUntil < karachiDate(now)
      ? 'licence-expired'
      : roles.length === 0
        ? 'no-role'
        : needs.requiredLanguage && !candidate.languages.includes(needs.requiredLanguage)
          ? 'language'
          : undefined;
  return {
    eligible: reason === undefined,
    ...(reason && { reason }),
    atCapacity: roles.length === 0 || (!capacityUnknown && candidate.openCases >= maxOpenCases),
    openCases: candidate.openCases,
    maxOpenCases,
    organizationIds: [...new Set(roles.map((role) => role.organizationId))].sort(),
  };
}

/**
 * Whether one of their active roles in the specialty is available at an instant (its Karachi day and
 * time): a role without windows always is; a window includes its start and excludes its end.
 */
export function isAvailableFor(candidate: Candidate, specialtyCode: string, at: Date): boolean {
  const minute = karachiMinuteOfWeek(at);
  return activeRolesIn(candidate, specialtyCode).some(
    (role) =>
      role.availableMinutes === null ||
      role.availableMinutes.some(([start, end]) => start <= minute && minute < end),
  );
}

export interface TakeOptions {
  /** The current instant: "today" (Asia/Karachi) for the licence. */
  now: Date;
  /**
   * Inside an availability window of an active role in the specialty at this instant (usually `now`);
   * null: whether or not (the widened pool, after a missed deadline).
   */
  availableAt: Date | null;
}

/**
 * Who may take the referral, the pool a pool referral is offered to: eligible, under capacity, and
 * unless widened inside an availability window of an active role in the specialty.
 */
export function mayTake(candidate: Candidate | null, needs: ReferralNeeds, options: TakeOptions): boolean {
  if (!candidate) return false;
  const verdict = judgeEligibility(candidate, needs, options.now);
  return (
    verdict.eligible &&
    !verdict.atCapacity &&
    (options.availableAt === null || isAvailableFor(candidate, needs.specialtyCode, options.availableAt))
  );
}

function activeRolesIn(candidate: Candidate, specialtyCode: string): CandidateRole[] {
  return candidate.roles.filter((role) => role.active && role.specialtyCode === specialtyCode);
}
