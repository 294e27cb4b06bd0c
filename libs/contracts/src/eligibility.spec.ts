import { weekMinutes } from './availability';
import {
  isAvailableFor,
  judgeEligibility,
  mayTake,
  type Candidate,
  type CandidateRole,
  type WeekMinuteRange,
} from './eligibility';
import type { AvailabilityWindowData } from './events/practitioner.events';

/** Wednesday 2026-03-04 11:00 in Karachi (06:00 UTC). */
const NOW = new Date('2026-03-04T06:00:00.000Z');
const HOSPITAL = '6a1f6f5e-2c3d-4b7a-9e10-000000000001';
const CLINIC = '6a1f6f5e-2c3d-4b7a-9e10-000000000002';
const DERMATOLOGY = { specialtyCode: 'dermatology' };

const minutes = (...windows: AvailabilityWindowData[]): WeekMinuteRange[] =>
  windows.map((window) => weekMinutes(window) as WeekMinuteRange);

const role = (overrides: Partial<CandidateRole> = {}): CandidateRole => ({
  specialtyCode: 'dermatology',
  organizationId: HOSPITAL,
  active: true,
  maxOpenCases: 2,
  availableMinutes: null,
  ...overrides,
});

const candidate = (overrides: Partial<Candidate> = {}): Candidate => ({
  active: true,
  licenceValidUntil: '2027-12-31',
  languages: ['ur', 'en'],
  roles: [role()],
  openCases: 0,
  ...overrides,
});

describe('judgeEligibility', () => {
  it('finds a known, active, licensed practitioner with an active role in the specialty eligible', () => {
    expect(judgeEligibility(candidate({ openCases: 1 }), DERMATOLOGY, NOW)).toEqual({
      eligible: true,
      atCapacity: false,
      openCases: 1,
      maxOpenCases: 2,
      organizationIds: [HOSPITAL],
    });
  });

  it('refuses a practitioner the projection has not heard of', () => {
    expect(judgeEligibility(null, DERMATOLOGY, NOW)).toEqual({
      eligible: false,
      reason: 'unknown',
      atCapacity: true,
      openCases: 0,
      maxOpenCases: 0,
      organizationIds: [],
    });
  });

  it('refuses an inactive practitioner', () => {
    expect(judgeEligibility(candidate({ active: false }), DERMATOLOGY, NOW)).toMatchObject({
      eligible: false,
      reason: 'inactive',
    });
  });

  it('refuses a licence that expired before today in Karachi, from the first minute of the next Karachi day', () => {
    const licensed = candidate({ licenceValidUntil: '2026-03-04' });
    expect(judgeEligibility(licensed, DERMATOLOGY, NOW).eligible).toBe(true);
    // 2026-03-04 23:59 and 2026-03-05 00:00 in Karachi (18:59 and 19:00 UTC).
    expect(judgeEligibility(licensed, DERMATOLOGY, new Date('2026-03-04T18:59:59.999Z')).eligible).toBe(true);
    expect(judgeEligibility(licensed, DERMATOLOGY, new Date('2026-03-04T19:00:00.000Z'))).toMatchObject({
      eligible: false,
      reason: 'licence-expired',
    });
  });

  it('counts a licence the projection has not heard yet as valid', () => {
    expect(judgeEligibility(candidate({ licenceValidUntil: null }), DERMATOLOGY, NOW).eligible).toBe(true);
  });

  it.each([
    ['no role', []],
    ['a role in another specialty', [role({ specialtyCode: 'cardiology' })]],
    ['an inactive role in the specialty', [role({ active: false })]],
  ])('refuses a practitioner with %s, at capacity with none', (_, roles) => {
    expect(judgeEligibility(candidate({ roles }), DERMATOLOGY, NOW)).toEqual({
      eligible: false,
      reason: 'no-role',
      atCapacity: true,
      openCases: 0,
      maxOpenCases: 0,
      organizationIds: [],
    });
  });

  it('requires the language only when the referral names one', () => {
    const urdu = candidate({ languages: ['ur'] });
    expect(judgeEligibility(urdu, { ...DERMATOLOGY, requiredLanguage: 'ur' }, NOW).eligible).toBe(true);
    expect(judgeEligibility(urdu, { ...DERMATOLOGY, requiredLanguage: null }, NOW).eligible).toBe(true);
    expect(judgeEligibility(urdu, { ...DERMATOLOGY, requiredLanguage: '' }, NOW).eligible).toBe(true);
    expect(judgeEligibility(urdu, { ...DERMATOLOGY, requiredLanguage: 'sd' }, NOW)).toMatchObject({
      eligible: false,
      reason: 'language',
    });
  });

  it('names the first rule failed: inactive, licence, role, language', () => {
    const failing = { licenceValidUntil: '2020-01-01', roles: [], languages: [] };
    const needs = { ...DERMATOLOGY, requiredLanguage: 'sd' };
    expect(judgeEligibility(candidate({ active: false, ...failing }), needs, NOW).reason).toBe('inactive');
    expect(judgeEligibility(candidate(failing), needs, NOW).reason).toBe('licence-expired');
    expect(
      judgeEligibility(candidate({ ...failing, licenceValidUntil: '2027-01-01' }), needs, NOW).reason,
    ).toBe('no-role');
  });

  it('measures capacity against the largest capacity of the active roles in the specialty, apart from eligibility', () => {
    const roles = [
      role({ maxOpenCases: 2, organizationId: HOSPITAL }),
      role({ maxOpenCases: 3, organizationId: CLINIC }),
      role({ maxOpenCases: 9, active: false }),
      role({ maxOpenCases: 9, specialtyCode: 'cardiology' }),
    ];
    expect(judgeEligibility(candidate({ roles, openCases: 2 }), DERMATOLOGY, NOW)).toEqual({
      eligible: true,
      atCapacity: false,
      openCases: 2,
      maxOpenCases: 3,
      organizationIds: [HOSPITAL, CLINIC].sort(),
    });
    expect(judgeEligibility(candidate({ roles, openCases: 3 }), DERMATOLOGY, NOW)).toMatchObject({
      eligible: true,
      atCapacity: true,
    });
  });

  it('leaves a practitioner under capacity while a role’s capacity is not known', () => {
    const roles = [role({ maxOpenCases: null })];
    expect(judgeEligibility(candidate({ roles, openCases: 50 }), DERMATOLOGY, NOW)).toMatchObject({
      eligible: true,
      atCapacity: false,
    });
  });
});

describe('isAvailableFor', () => {
  const evenings = minutes(
    { day: 'wed', start: '18:00', end: '22:00' },
    { day: 'sun', start: '20:00', end: '24:00' },
  );
  const at = (iso: string) => new Date(iso);

  it('keeps to the windows of an active role in the specialty, in Karachi time, start in and end out', () => {
    const restricted = candidate({ roles: [role({ availableMinutes: evenings })] });
    expect(isAvailableFor(restricted, 'dermatology', NOW)).toBe(false);
    expect(isAvailableFor(restricted, 'dermatology', at('2026-03-04T13:00:00.000Z'))).toBe(true); // wed 18:00
    expect(isAvailableFor(restricted, 'dermatology', at('2026-03-04T16:59:00.000Z'))).toBe(true); // wed 21:59
    expect(isAvailableFor(restricted, 'dermatology', at('2026-03-04T17:00:00.000Z'))).toBe(false); // wed 22:00
    expect(isAvailableFor(restricted, 'dermatology', at('2026-03-08T18:59:00.000Z'))).toBe(true); // sun 23:59
    expect(isAvailableFor(restricted, 'dermatology', at('2026-03-08T19:00:00.000Z'))).toBe(false); // mon 00:00
  });

  it('counts a role without windows as always available, one with only unusable windows as never', () => {
    expect(isAvailableFor(candidate(), 'dermatology', NOW)).toBe(true);
    expect(isAvailableFor(candidate({ roles: [role({ availableMinutes: [] })] }), 'dermatology', NOW)).toBe(
      false,
    );
  });

  it('ignores the windows of inactive roles and of other specialties', () => {
    const roles = [
      role({ active: false }),
      role({ specialtyCode: 'cardiology' }),
      role({ availableMinutes: evenings }),
    ];
    expect(isAvailableFor(candidate({ roles }), 'dermatology', NOW)).toBe(false);
  });
});

describe('mayTake', () => {
  const offDuty = [role({ availableMinutes: minutes({ day: 'sat', start: '09:00', end: '13:00' }) })];
  const now = { now: NOW, availableAt: NOW };

  it('takes an eligible practitioner under capacity and available now', () => {
    expect(mayTake(candidate(), DERMATOLOGY, now)).toBe(true);
  });

  it('leaves out the unknown, the ineligible and those at capacity', () => {
    expect(mayTake(null, DERMATOLOGY, now)).toBe(false);
    expect(mayTake(candidate({ active: false }), DERMATOLOGY, now)).toBe(false);
    expect(mayTake(candidate({ languages: ['en'] }), { ...DERMATOLOGY, requiredLanguage: 'ur' }, now)).toBe(
      false,
    );
    expect(mayTake(candidate({ openCases: 2 }), DERMATOLOGY, now)).toBe(false);
  });

  it('leaves out those outside their windows, unless the pool is widened', () => {
    expect(mayTake(candidate({ roles: offDuty }), DERMATOLOGY, now)).toBe(false);
    expect(mayTake(candidate({ roles: offDuty }), DERMATOLOGY, { now: NOW, availableAt: null })).toBe(true);
    // Widening is about time only: capacity still counts.
    expect(
      mayTake(candidate({ roles: offDuty, openCases: 2 }), DERMATOLOGY, { now: NOW, availableAt: null }),
    ).toBe(false);
  });
});
