import type {
  PractitionerEventData,
  PractitionerResource,
  PractitionerRoleResource,
} from '@referral/contracts';
import type { PractitionerRoleEntity } from './practitioner-role.entity';
import type { PractitionerEntity } from './practitioner.entity';

/** Valid through its expiry date, compared with today in Asia/Karachi. */
export const licenceValid = (practitioner: PractitionerEntity, today: string) =>
  practitioner.licenceExpiresOn >= today;

export function toRoleResource(role: PractitionerRoleEntity): PractitionerRoleResource {
  return {
    id: role.id,
    practitionerId: role.practitionerId,
    specialtyCode: role.specialtyCode,
    organizationId: role.organizationId,
    maxOpenCases: role.maxOpenCases,
    availability: role.availability,
    active: role.active,
    createdAt: role.createdAt.toISOString(),
    updatedAt: role.updatedAt.toISOString(),
  };
}

export function toPractitionerResource(
  practitioner: PractitionerEntity,
  roles: PractitionerRoleEntity[],
  today: string,
): PractitionerResource {
  return {
    id: practitioner.id,
    name: practitioner.name,
    pmdcNumber: practitioner.pmdcNumber,
    licenceType: practitioner.licenceType,
    licenceExpiresOn: practitioner.licenceExpiresOn,
    licenceValid: licenceValid(practitioner, today),
    phone: practitioner.phone,
    email: practitioner.email,
    languages: practitioner.languages,
    organizationId: practitioner.organizationId,
    active: practitioner.active,
    roles: roles.map(toRoleResource),
    createdAt: practitioner.createdAt.toISOString(),
    updatedAt: practitioner.updatedAt.toISOString(),
  };
}

/**
 * What routing needs, with every role. No name, PMDC number, phone or email: notifications asks the
 * directory for contact details when it sends (the decision of the directory issue).
 */
export function toPractitionerEventData(
  practitioner: PractitionerEntity,
  roles: PractitionerRoleEntity[],
  occurredAt: Date,
): PractitionerEventData {
  return {
    practitionerId: practitioner.id,
    organizationId: practitioner.organizationId,
    languages: practitioner.languages,
    licenceValidUntil: practitioner.licenceExpiresOn,
    licenceType: practitioner.licenceType,
    active: practitioner.active,
    roles: roles.map((role) => ({
      roleId: role.id,
      specialtyCode: role.specialtyCode,
      organizationId: role.organizationId,
      maxOpenCases: role.maxOpenCases,
      active: role.active,
      availability: role.availability.map(({ day, start, end }) => ({ day, start, end })),
    })),
    occurredAt: occurredAt.toISOString(),
  };
}
