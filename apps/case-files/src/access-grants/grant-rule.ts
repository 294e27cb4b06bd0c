import type { ReferralEventData, ReferralStatus } from '@referral/contracts';

/** A grant row's state (`case_file_access_grant`), without the ORM. */
export interface AccessGrant {
  referralId: string;
  caseFileId: string;
  practitionerId: string | null;
  grantedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
  lastEventAt: Date;
}

/** What one referral event means for the access of its holder. */
export type GrantChange =
  { kind: 'hold'; practitionerId: string; expiresAt: Date | null } | { kind: 'revoke' };

/** Statuses in which the holder is working on the referral (FHIR Task, not yet terminal). */
const OPEN_STATUSES: ReadonlySet<ReferralStatus> = new Set([
  'draft',
  'requested',
  'received',
  'accepted',
  'in-progress',
  'on-hold',
]);
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * From the referral as the event shows it after the change (every referral event carries the whole
 * snapshot, so the event type does not matter):
 * - open with a holder: the holder reads the case file — whoever held the referral before does not
 *   any more (redirected or reassigned);
 * - completed (closed, converted) with a holder: the holder keeps reading for follow-up until
 *   `afterCloseDays` after the close; with 0 access ends at close;
 * - no holder (released, redirected to the pool, escalated, cancelled before a claim), or rejected,
 *   cancelled, failed, entered in error: nobody reads through this referral.
 * A holder left out of the event counts as none: the snapshot is whole, so absent means nobody.
 */
export function grantChangeOf(data: ReferralEventData, afterCloseDays: number): GrantChange {
  const holder = data.holderPractitionerId ?? null;
  if (holder === null) return { kind: 'revoke' };
  if (OPEN_STATUSES.has(data.status)) return { kind: 'hold', practitionerId: holder, expiresAt: null };
  if (data.status === 'completed' && afterCloseDays > 0) {
    const expiresAt = new Date(Date.parse(data.occurredAt) + afterCloseDays * DAY_MS);
    return { kind: 'hold', practitionerId: holder, expiresAt };
  }
  return { kind: 'revoke' };
}

/**
 * The grant after the event, or null when the event is older than the last one applied to this
 * referral (a late duplicate or a replay): applying it would hand back access taken away since. An
 * event as old as the last one is applied; applying the same snapshot twice changes nothing.
 */
export function nextGrant(
  current: AccessGrant | null,
  data: ReferralEventData,
  afterCloseDays: number,
): AccessGrant | null {
  const at = new Date(data.occurredAt);
  if (current && at.getTime() < current.lastEventAt.getTime()) return null;
  const change = grantChangeOf(data, afterCloseDays);
  const base = { referralId: data.referralId, caseFileId: data.caseFileId, lastEventAt: at };
  if (change.kind === 'hold') {
    const continued = current?.practitionerId === change.practitionerId && current.revokedAt === null;
    return {
      ...base,
      practitionerId: change.practitionerId,
      grantedAt: continued ? current.grantedAt : at,
      revokedAt: null,
      expiresAt: change.expiresAt,
    };
  }
  if (!current?.practitionerId) {
    return { ...base, practitionerId: null, grantedAt: null, revokedAt: null, expiresAt: null };
  }
  // The last holder stays on the row, with when they lost it (the first time, if told twice).
  return {
    ...base,
    practitionerId: current.practitionerId,
    grantedAt: current.grantedAt,
    revokedAt: current.revokedAt ?? at,
    expiresAt: current.expiresAt,
  };
}
