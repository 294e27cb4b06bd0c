// class-transformer's @Type reads design-time types through the Reflect metadata API.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsUUID, Matches, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { IsCalendarDate, IsSpecialtyCode, IsUtcInstant } from '../validators';
import { SAMPLE_IDS } from './sample-ids';

export const LICENCE_TYPES = ['provisional', 'full'] as const;
export type LicenceType = (typeof LICENCE_TYPES)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A time of a weekly window, `HH:MM` from `00:00` to `24:00` (a window may end at midnight). */
export const TIME_OF_DAY = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** A weekly window in Asia/Karachi time; `end` may be `24:00`. */
export class AvailabilityWindowData {
  @IsIn(WEEKDAYS)
  day: Weekday;

  @Matches(TIME_OF_DAY, { message: '$property must be a time as HH:MM' })
  start: string;

  @Matches(TIME_OF_DAY, { message: '$property must be a time as HH:MM' })
  end: string;
}

export class PractitionerRoleData {
  @IsUUID()
  roleId: string;

  @IsSpecialtyCode()
  specialtyCode: string;

  @IsUUID()
  organizationId: string;

  @IsInt()
  @Min(1)
  maxOpenCases: number;

  @IsBoolean()
  active: boolean;

  /** Empty means always available. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AvailabilityWindowData)
  availability: AvailabilityWindowData[];
}

/** What routing needs to know about a practitioner; name, PMDC number, phone and email stay in the directory. */
export class PractitionerEventData {
  @IsUUID()
  practitionerId: string;

  @IsUUID()
  organizationId: string;

  @IsArray()
  @Matches(/^[a-z]{2,3}$/, { each: true, message: 'each value in $property must be an ISO 639 code' })
  languages: string[];

  @IsCalendarDate()
  licenceValidUntil: string;

  @IsIn(LICENCE_TYPES)
  licenceType: LicenceType;

  @IsBoolean()
  active: boolean;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PractitionerRoleData)
  roles: PractitionerRoleData[];

  @IsUtcInstant()
  occurredAt: string;
}

const dermatologist: PractitionerEventData = {
  practitionerId: SAMPLE_IDS.specialist,
  organizationId: SAMPLE_IDS.hospitalOrganization,
  languages: ['ur', 'en', 'pa'],
  licenceValidUntil: '2027-12-31',
  licenceType: 'full',
  active: true,
  roles: [],
  occurredAt: '2025-02-21T06:00:00.000Z',
};
const dermatologyRole: PractitionerRoleData = {
  roleId: SAMPLE_IDS.specialistRole,
  specialtyCode: 'dermatology',
  organizationId: SAMPLE_IDS.hospitalOrganization,
  maxOpenCases: 10,
  active: true,
  availability: [
    { day: 'mon', start: '18:00', end: '22:00' },
    { day: 'sat', start: '09:00', end: '13:00' },
    { day: 'sun', start: '20:00', end: '24:00' },
  ],
};

export const PRACTITIONER_EVENTS = [
  defineEvent({
    type: 'practitioner.registered',
    topic: TOPICS.directoryPractitioner,
    payload: PractitionerEventData,
    sample: dermatologist,
    description: 'An administrator registered a practitioner.',
  }),
  defineEvent({
    type: 'practitioner.updated',
    topic: TOPICS.directoryPractitioner,
    payload: PractitionerEventData,
    sample: { ...dermatologist, licenceValidUntil: '2030-12-31', occurredAt: '2025-04-02T08:00:00.000Z' },
    description: 'A practitioner changed (languages, licence, active flag).',
  }),
  defineEvent({
    type: 'practitioner.role_added',
    topic: TOPICS.directoryPractitioner,
    payload: PractitionerEventData,
    sample: { ...dermatologist, roles: [dermatologyRole], occurredAt: '2025-02-21T06:05:00.000Z' },
    description: 'A practitioner took on a specialty role; the event carries all their roles.',
  }),
  defineEvent({
    type: 'practitioner.role_updated',
    topic: TOPICS.directoryPractitioner,
    payload: PractitionerEventData,
    sample: {
      ...dermatologist,
      roles: [{ ...dermatologyRole, maxOpenCases: 5, availability: [] }],
      occurredAt: '2025-03-15T16:45:00.000Z',
    },
    description: "A role's capacity, availability or active flag changed; the event carries all their roles.",
  }),
];
