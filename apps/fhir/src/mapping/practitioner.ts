import type {
  ContactPoint,
  Practitioner,
  PractitionerQualification,
  PractitionerRole,
  PractitionerRoleAvailableTime,
} from '@medplum/fhirtypes';
import {
  SPECIALTY_NAMES,
  WEEKDAYS,
  type AvailabilityWindow,
  type PractitionerResource,
  type PractitionerRoleResource,
  type PractitionerSearchResult,
  type SpecialtyCode,
  type Weekday,
} from '@referral/contracts';
import { SYSTEMS } from './systems';

const PMDC = 'Pakistan Medical and Dental Council';

/** How a client can tell a full read (`GET /v1/practitioners/{id}`) from a search result. */
const isSearchResult = (p: PractitionerResource | PractitionerSearchResult): p is PractitionerSearchResult =>
  'roleId' in p;

/** The PMDC licence as a qualification: its kind, the registration number when we show it, valid until. */
function licence(
  p: Pick<PractitionerResource, 'licenceType' | 'licenceExpiresOn'> & { pmdcNumber?: string },
): PractitionerQualification {
  return {
    ...(p.pmdcNumber ? { identifier: [{ system: SYSTEMS.pmdcNumber, value: p.pmdcNumber }] } : {}),
    code: {
      coding: [{ system: SYSTEMS.licenceType, code: p.licenceType }],
      text: `PMDC ${p.licenceType} licence`,
    },
    period: { end: p.licenceExpiresOn },
    issuer: { display: PMDC },
  };
}

/**
 * A practitioner of the directory as a FHIR Practitioner. From a full read: the PMDC registration
 * number and our id as identifiers, the name as written (we do not split it into given and family
 * names), whether they take part, the licence as a qualification, the languages they speak (ISO 639
 * codes are BCP 47 language tags), and the phone and email that read shows. From a search result
 * (`GET /v1/practitioners`), only what it shows: no PMDC number, no phone or email, no active flag
 * (search finds only those who could take a case). We hold no gender: there is none.
 */
export function toPractitioner(p: PractitionerResource | PractitionerSearchResult): Practitioner {
  const common = {
    name: [{ text: p.name }],
    qualification: [licence(isSearchResult(p) ? { ...p, pmdcNumber: undefined } : p)],
    communication: p.languages.map((language) => ({
      coding: [{ system: 'urn:ietf:bcp:47', code: language }],
    })),
  };
  if (isSearchResult(p)) {
    return {
      resourceType: 'Practitioner',
      id: p.practitionerId,
      identifier: [{ system: SYSTEMS.practitionerId, value: p.practitionerId }],
      ...common,
    };
  }
  const telecom: ContactPoint[] = [{ system: 'phone', value: p.phone, use: 'work' }];
  if (p.email) telecom.push({ system: 'email', value: p.email, use: 'work' });
  return {
    resourceType: 'Practitioner',
    id: p.id,
    meta: { lastUpdated: p.updatedAt },
    identifier: [
      { system: SYSTEMS.pmdcNumber, value: p.pmdcNumber },
      { system: SYSTEMS.practitionerId, value: p.id },
    ],
    active: p.active,
    telecom,
    ...common,
  };
}

/** The last second of the day: FHIR `time` stops at 23:59:59, our windows may end at `24:00`. */
const END_OF_DAY = '23:59:59';

const fhirTime = (time: string) => (time === '24:00' ? END_OF_DAY : `${time}:00`);

const byWeekday = (a: Weekday, b: Weekday) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b);

/**
 * Our weekly windows as FHIR availableTime: the windows with the same hours become one entry with all
 * their days (so `mon 18:00–22:00` and `wed 18:00–22:00` read as one line). A window covering the
 * whole day is `allDay`. No windows means always available: every day, all day.
 */
export function availableTime(windows: readonly AvailabilityWindow[]): PractitionerRoleAvailableTime[] {
  if (windows.length === 0) return [{ daysOfWeek: [...WEEKDAYS], allDay: true }];
  const groups = new Map<string, { start: string; end: string; days: Weekday[] }>();
  for (const { day, start, end } of windows) {
    const hours = `${start}-${end}`;
    const group = groups.get(hours) ?? { start, end, days: [] };
    if (!group.days.includes(day)) group.days.push(day);
    groups.set(hours, group);
  }
  return [...groups.values()]
    .map((group) => ({ ...group, days: group.days.sort(byWeekday) }))
    .sort((a, b) => byWeekday(a.days[0], b.days[0]) || a.start.localeCompare(b.start))
    .map(({ start, end, days }) =>
      start === '00:00' && end === '24:00'
        ? { daysOfWeek: days, allDay: true }
        : { daysOfWeek: days, availableStartTime: fhirTime(start), availableEndTime: fhirTime(end) },
    );
}

/** FHIR has no time zone on availableTime: the one place a reader can find ours, without an extension. */
export const AVAILABILITY_TIME_ZONE_NOTE =
  'Days and times are in Asia/Karachi time (UTC+05:00, no daylight saving); a window that ends at 23:59:59 runs to midnight.';

/** What a PractitionerRole needs of the role: a full read's role, or what a search result shows of it. */
export type RoleFields = Pick<
  PractitionerRoleResource,
  'id' | 'specialtyCode' | 'organizationId' | 'availability'
> &
  Partial<Pick<PractitionerRoleResource, 'active' | 'updatedAt'>>;

/**
 * One specialty role of a practitioner as a FHIR PractitionerRole: who (with their name as display),
 * at which organization, the specialty (our code system, the English name as display), whether the
 * role is active (when the read says), and when they can take cases (availableTime, in Asia/Karachi
 * time, which availabilityExceptions says since R4 availableTime has no time zone).
 */
export function toPractitionerRole(
  practitioner: Pick<PractitionerResource, 'id' | 'name'>,
  role: RoleFields,
): PractitionerRole {
  const specialty = SPECIALTY_NAMES[role.specialtyCode as SpecialtyCode]?.en;
  return {
    resourceType: 'PractitionerRole',
    id: role.id,
    ...(role.updatedAt ? { meta: { lastUpdated: role.updatedAt } } : {}),
    ...(role.active !== undefined ? { active: role.active } : {}),
    practitioner: { reference: `Practitioner/${practitioner.id}`, display: practitioner.name },
    organization: { reference: `Organization/${role.organizationId}` },
    specialty: [
      {
        coding: [
          {
            system: SYSTEMS.specialty,
            code: role.specialtyCode,
            ...(specialty ? { display: specialty } : {}),
          },
        ],
      },
    ],
    availableTime: availableTime(role.availability),
    availabilityExceptions: AVAILABILITY_TIME_ZONE_NOTE,
  };
}

/** A search result (`GET /v1/practitioners?specialty=`) is one role of one practitioner: that role. */
export const searchResultRole = (result: PractitionerSearchResult): PractitionerRole =>
  toPractitionerRole({ id: result.practitionerId, name: result.name }, { ...result, id: result.roleId });
