import { computeFigures, haversineKm, nearestKm, outcomeOf, percentile, type ReportedReferral } from './report-figures';

const LAHORE = { latitude: 31.5204, longitude: 74.3587 };
const ISLAMABAD = { latitude: 33.6844, longitude: 73.0479 };
const KARACHI = { latitude: 24.8607, longitude: 67.0011 };

describe('percentile (nearest rank)', () => {
  it('answers an observed value: the smallest with at least p% at or below it', () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2); // rank ceil(0.5 × 4) = 2
    expect(percentile([4, 1, 3, 2], 90)).toBe(4); // rank ceil(0.9 × 4) = 4
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9); // rank 9
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([7], 100)).toBe(7);
  });

  it('answers null for no values, and refuses a percentile outside (0, 100]', () => {
    expect(percentile([], 50)).toBeNull();
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('haversineKm', () => {
  it('measures Lahore to Islamabad as about 270 km', () => {
    // Δφ = 2.1640° = 0.037769 rad, Δλ = −1.3108° = −0.022878 rad; sin²(Δφ/2) = 0.00035658,
    // cos φ1 · cos φ2 = 0.85245 × 0.83216 = 0.70937, sin²(Δλ/2) = 0.00013085;
    // h = 0.00035658 + 0.70937 × 0.00013085 = 0.00044940; d = 2 × 6371.0088 × asin(√h) = 270.1 km.
    expect(Math.abs(haversineKm(LAHORE, ISLAMABAD) - 270.1)).toBeLessThan(1);
  });

  it('is symmetric and zero for one place', () => {
    expect(haversineKm(ISLAMABAD, LAHORE)).toBeCloseTo(haversineKm(LAHORE, ISLAMABAD), 9);
    expect(haversineKm(KARACHI, KARACHI)).toBe(0);
  });

  it('takes the nearest of several, or null for none', () => {
    expect(nearestKm(LAHORE, [KARACHI, ISLAMABAD])).toBeCloseTo(haversineKm(LAHORE, ISLAMABAD), 9);
    expect(nearestKm(LAHORE, [])).toBeNull();
  });
});

const at = (minutes: number) => new Date(Date.UTC(2026, 2, 2, 4, 0) + minutes * 60_000);
const referral = (changes: Partial<ReportedReferral> = {}): ReportedReferral => ({
  specialtyCode: 'dermatology',
  submittedAt: at(0),
  claimedAt: null,
  firstAnsweredAt: null,
  answeredInTime: null,
  clarificationRequested: false,
  recommendation: null,
  convertedAt: null,
  declinedAt: null,
  cancelledAt: null,
  origin: null,
  ...changes,
});

describe('outcomeOf', () => {
  it.each<[string, Partial<ReportedReferral>, string]>([
    ['no answer yet', {}, 'open'],
    ['advice to manage locally', { recommendation: 'manage-locally' }, 'managedLocally'],
    ['advice to refer in person', { recommendation: 'in-person-referral' }, 'inPerson'],
    ['advice to transfer urgently', { recommendation: 'urgent-transfer' }, 'inPerson'],
    ['a conversion after advice to manage locally', { recommendation: 'manage-locally', convertedAt: at(9) }, 'inPerson'],
    ['a decline', { declinedAt: at(5) }, 'declined'],
    ['a cancellation before any advice', { cancelledAt: at(5) }, 'cancelled'],
    ['a cancellation after advice', { recommendation: 'manage-locally', cancelledAt: at(9) }, 'managedLocally'],
  ])('%s → %s', (_, changes, outcome) => {
    expect(outcomeOf(referral(changes))).toBe(outcome);
  });
});

describe('computeFigures', () => {
  it('counts every figure of a set of referrals', () => {
    const figures = computeFigures(
      [
        referral({ claimedAt: at(10), firstAnsweredAt: at(60), answeredInTime: true, recommendation: 'manage-locally', origin: LAHORE }),
        referral({ claimedAt: at(30), firstAnsweredAt: at(120), answeredInTime: false, recommendation: 'manage-locally' }),
        referral({ claimedAt: at(20), clarificationRequested: true, declinedAt: at(40) }),
        referral({ cancelledAt: at(5) }),
      ],
      (specialty) => (specialty === 'dermatology' ? [KARACHI, ISLAMABAD] : []),
    );
    expect(figures).toEqual({
      submitted: 4,
      // claims after 600, 1800, 1200 s: sorted 600, 1200, 1800; p50 rank 2, p90 rank 3
      timeToClaim: { count: 3, p50Seconds: 1200, p90Seconds: 1800 },
      // answers after 3600 and 7200 s: p50 rank 1, p90 rank 2
      timeToFirstAnswer: { count: 2, p50Seconds: 3600, p90Seconds: 7200 },
      answeredWithinDeadline: { answered: 2, withinDeadline: 1, share: 0.5 },
      clarification: { claimed: 3, withClarification: 1, rate: 0.3333 },
      outcomes: { managedLocally: 2, inPerson: 0, declined: 1, cancelled: 1, open: 0 },
      trips: {
        tripsAvoided: 2,
        estimated: 1, // the second has no origin
        notEstimable: 1,
        kilometresSaved: Math.round(haversineKm(LAHORE, ISLAMABAD) * 10) / 10,
      },
    });
  });

  it('answers zeros and nulls for no referrals', () => {
    expect(computeFigures([], () => [])).toEqual({
      submitted: 0,
      timeToClaim: { count: 0, p50Seconds: null, p90Seconds: null },
      timeToFirstAnswer: { count: 0, p50Seconds: null, p90Seconds: null },
      answeredWithinDeadline: { answered: 0, withinDeadline: 0, share: null },
      clarification: { claimed: 0, withClarification: 0, rate: null },
      outcomes: { managedLocally: 0, inPerson: 0, declined: 0, cancelled: 0, open: 0 },
      trips: { tripsAvoided: 0, estimated: 0, notEstimable: 0, kilometresSaved: 0 },
    });
  });

  it('cannot estimate a referral managed locally when no organization serves its specialty with coordinates', () => {
    const figures = computeFigures([referral({ recommendation: 'manage-locally', origin: LAHORE })], () => []);
    expect(figures.trips).toEqual({ tripsAvoided: 1, estimated: 0, notEstimable: 1, kilometresSaved: 0 });
  });
});
