import { randomUUID } from 'node:crypto';
import {
  karachiDate,
  WEEKDAYS,
  type PractitionerEventData,
  type PractitionerRoleData,
  type ReferralStatus,
} from '@referral/contracts';

/** A practitioner of the scenario: the directory's snapshot of them, and the referrals they hold. */
export interface PoolScenarioPractitioner {
  name: string;
  snapshot: PractitionerEventData;
  /** The statuses of the referrals they hold (one referral each). */
  holds: ReferralStatus[];
}

/**
 * One set of directory events and held referrals, and who may take a dermatology referral in Sindhi
 * from the pool: the same answer is expected of every service that decides it (the referrals
 * service's eligibility, the notifications service's pool), each from its own projection.
 */
export interface PoolScenario {
  specialtyCode: 'dermatology';
  requiredLanguage: 'sd';
  practitioners: PoolScenarioPractitioner[];
  /**
   * Names of those eligible for it, at capacity or not, available or not: those who see it in their
   * queue (a claim at capacity is refused with a reason they can act on).
   */
  eligible: string[];
  /** Names of those who may take it now (inside their availability windows). */
  pool: string[];
  /** Names of those who may take it when the pool is widened (availability windows ignored). */
  widenedPool: string[];
}

/**
 * The scenario at an instant (the services' "now"): licences and availability windows are placed
 * around it, a day away from either edge, so that the answer holds for the length of a test run.
 */
export function poolScenario(now: Date, occurredAt: () => string): PoolScenario {
  const organizationId = randomUUID();
  const yesterday = karachiDate(new Date(now.getTime() - 86_400_000));
  // A whole day two days off (Karachi): never the day of the run.
  const otherDay = WEEKDAYS[(WEEKDAYS.indexOf(karachiWeekday(now)) + 2) % 7];
  const role = (overrides: Partial<PractitionerRoleData> = {}): PractitionerRoleData => ({
    roleId: randomUUID(),
    specialtyCode: 'dermatology',
    organizationId,
    maxOpenCases: 2,
    active: true,
    availability: [],
    ...overrides,
  });
  const practitioner = (
    name: string,
    overrides: Partial<PractitionerEventData> = {},
    holds: ReferralStatus[] = [],
  ): PoolScenarioPractitioner => ({
    name,
    holds,
    snapshot: {
      practitionerId: randomUUID(),
      organizationId,
      languages: ['ur', 'sd'],
      licenceValidUntil: '2099-12-31',
      licenceType: 'full',
      active: true,
      roles: [role()],
      occurredAt: occurredAt(),
      ...overrides,
    },
  });
  return {
    specialtyCode: 'dermatology',
    requiredLanguage: 'sd',
    practitioners: [
      practitioner('able', {}, ['in-progress']),
      practitioner('room again', { roles: [role({ maxOpenCases: 1 })] }, ['completed', 'rejected']),
      practitioner('two roles', { roles: [role({ maxOpenCases: 1 }), role({ maxOpenCases: 3 })] }, [
        'received',
        'on-hold',
      ]),
      practitioner('lacks the language', { languages: ['ur', 'en'] }),
      practitioner('at capacity', { roles: [role({ maxOpenCases: 2 })] }, ['received', 'in-progress']),
      practitioner('off duty', {
        roles: [role({ availability: [{ day: otherDay, start: '00:00', end: '24:00' }] })],
      }),
      practitioner('licence expired', { licenceValidUntil: yesterday }),
      practitioner('inactive', { active: false }),
      practitioner('another specialty', { roles: [role({ specialtyCode: 'cardiology' })] }),
      practitioner('inactive role', { roles: [role({ active: false })] }),
    ],
    eligible: ['able', 'room again', 'two roles', 'at capacity', 'off duty'],
    pool: ['able', 'room again', 'two roles'],
    widenedPool: ['able', 'room again', 'two roles', 'off duty'],
  };
}

function karachiWeekday(at: Date) {
  // Monday = 0, as WEEKDAYS.
  return WEEKDAYS[(new Date(`${karachiDate(at)}T00:00:00.000Z`).getUTCDay() + 6) % 7];
}
