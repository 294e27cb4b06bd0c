import { IsBoolean, IsIn, IsNumber, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { IsOmittable, IsUtcInstant } from '../validators';
import { SAMPLE_IDS } from './sample-ids';

export const ORGANIZATION_KINDS = ['clinic', 'hospital', 'partner'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const PROVINCES = [
  'punjab',
  'sindh',
  'khyber-pakhtunkhwa',
  'balochistan',
  'islamabad',
  'gilgit-baltistan',
  'azad-kashmir',
] as const;
export type Province = (typeof PROVINCES)[number];

/** The organization after the change; its name and phone number stay in the directory. */
export class OrganizationEventData {
  @IsUUID()
  organizationId: string;

  @IsIn(ORGANIZATION_KINDS)
  kind: OrganizationKind;

  @IsString()
  @MinLength(1)
  @MaxLength(100)
  district: string;

  @IsIn(PROVINCES)
  province: Province;

  @IsBoolean()
  active: boolean;

  /**
   * WGS 84 degrees, when the directory has the organization's location (both or neither): the
   * referrals service's report estimates travel saved from them. Added in issue 17 (optional, so
   * events without them stay valid; a consumer must be on this version before the directory sends them).
   */
  @IsOmittable()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitude?: number;

  @IsOmittable()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  longitude?: number;

  @IsUtcInstant()
  occurredAt: string;
}

const ruralHealthUnit: OrganizationEventData = {
  organizationId: SAMPLE_IDS.clinicOrganization,
  kind: 'clinic',
  district: 'Chakwal',
  province: 'punjab',
  active: true,
  latitude: 32.9328,
  longitude: 72.863,
  occurredAt: '2025-02-20T07:30:00.000Z',
};

export const ORGANIZATION_EVENTS = [
  defineEvent({
    type: 'organization.created',
    topic: TOPICS.directoryOrganization,
    payload: OrganizationEventData,
    sample: ruralHealthUnit,
    description: 'An administrator registered a clinic, hospital or partner organization.',
  }),
  defineEvent({
    type: 'organization.updated',
    topic: TOPICS.directoryOrganization,
    payload: OrganizationEventData,
    sample: { ...ruralHealthUnit, active: false, occurredAt: '2025-06-01T05:00:00.000Z' },
    description: 'An organization changed (kind, location or active flag).',
  }),
];
