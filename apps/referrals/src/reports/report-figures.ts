import type { OutcomeFigures, ReferralReport } from '@referral/contracts';

/** A place in WGS 84 degrees. */
export interface Point {
  latitude: number;
  longitude: number;
}

/** The mean Earth radius (IUGG), km. */
const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km (haversine): a straight line over the sphere, not a road. */
export function haversineKm(a: Point, b: Point): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The distance to the nearest of `candidates`, km; null when there is none. */
export function nearestKm(origin: Point, candidates: readonly Point[]): number | null {
  let nearest: number | null = null;
  for (const candidate of candidates) {
    const distance = haversineKm(origin, candidate);
    if (nearest === null || distance < nearest) nearest = distance;
  }
  return nearest;
}

/**
 * The `p`th percentile (0 < p ≤ 100) of `values` by nearest rank: the smallest value with at least
 * p% of the values at or below it — always an observed value (p50 of 1, 2, 3, 4 is 2). Null when empty.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile ${p} is not in (0, 100]`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1];
}

export type Outcome = keyof OutcomeFigures;

/** What the report needs of one referral (the projection's row, with its referring organization's place). */
export interface ReportedReferral {
  specialtyCode: string;
  submittedAt: Date;
  claimedAt: Date | null;
  firstAnsweredAt: Date | null;
  answeredInTime: boolean | null;
  clarificationRequested: boolean;
  recommendation: string | null;
  convertedAt: Date | null;
  declinedAt: Date | null;
  cancelledAt: Date | null;
  /** The referring organization's coordinates; null when the directory has none (or is not known yet). */
  origin: Point | null;
}

/**
 * Where the referral ended up: converted, or advised to be seen in person or transferred → `inPerson`;
 * declined; last advice "manage locally" → `managedLocally`; cancelled before any advice; else `open`.
 */
export function outcomeOf(referral: ReportedReferral): Outcome {
  if (referral.convertedAt) return 'inPerson';
  if (referral.declinedAt) return 'declined';
  if (referral.recommendation === 'manage-locally') return 'managedLocally';
  if (referral.recommendation) return 'inPerson';
  if (referral.cancelledAt) return 'cancelled';
  return 'open';
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);
const seconds = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000;

function durations(values: number[]) {
  return { count: values.length, p50Seconds: percentile(values, 50), p90Seconds: percentile(values, 90) };
}

export type ReportFigures = Omit<
  ReferralReport,
  'from' | 'to' | 'specialty' | 'district' | 'scope' | 'generatedAt'
>;

/**
 * The figures of a set of referrals. `destinations(specialty)`: the places of the active organizations
 * with an active role in that specialty (where a patient would otherwise have travelled).
 */
export function computeFigures(
  referrals: readonly ReportedReferral[],
  destinations: (specialtyCode: string) => readonly Point[],
): ReportFigures {
  const claimed = referrals.filter((r) => r.claimedAt);
  const answered = referrals.filter((r) => r.firstAnsweredAt);
  const outcomes: OutcomeFigures = { managedLocally: 0, inPerson: 0, declined: 0, cancelled: 0, open: 0 };
  let estimated = 0;
  let kilometres = 0;
  for (const referral of referrals) {
    const outcome = outcomeOf(referral);
    outcomes[outcome]++;
    if (outcome !== 'managedLocally' || !referral.origin) continue;
    const distance = nearestKm(referral.origin, destinations(referral.specialtyCode));
    if (distance === null) continue;
    estimated++;
    kilometres += distance;
  }
  const withinDeadline = answered.filter((r) => r.answeredInTime).length;
  const withClarification = claimed.filter((r) => r.clarificationRequested).length;
  return {
    submitted: referrals.length,
    timeToClaim: durations(claimed.map((r) => seconds(r.submittedAt, r.claimedAt!))),
    timeToFirstAnswer: durations(answered.map((r) => seconds(r.submittedAt, r.firstAnsweredAt!))),
    answeredWithinDeadline: {
      answered: answered.length,
      withinDeadline,
      share: ratio(withinDeadline, answered.length),
    },
    clarification: {
      claimed: claimed.length,
      withClarification,
      rate: ratio(withClarification, claimed.length),
    },
    outcomes,
    trips: {
      tripsAvoided: outcomes.managedLocally,
      estimated,
      notEstimable: outcomes.managedLocally - estimated,
      kilometresSaved: Math.round(kilometres * 10) / 10,
    },
  };
}
