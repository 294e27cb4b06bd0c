import type { OrganizationEventData, OrganizationResource } from '@referral/contracts';
import type { OrganizationEntity } from './organization.entity';

export function toOrganizationResource(organization: OrganizationEntity): OrganizationResource {
  return {
    id: organization.id,
    name: organization.name,
    kind: organization.kind,
    district: organization.district,
    province: organization.province,
    phone: organization.phone,
    latitude: organization.latitude,
    longitude: organization.longitude,
    active: organization.active,
    createdAt: organization.createdAt.toISOString(),
    updatedAt: organization.updatedAt.toISOString(),
  };
}

/** What consumers (routing, reports) learn of an organization: no name, no phone number. */
export function toOrganizationEventData(
  organization: OrganizationEntity,
  occurredAt: Date,
): OrganizationEventData {
  return {
    organizationId: organization.id,
    kind: organization.kind,
    district: organization.district,
    province: organization.province,
    active: organization.active,
    ...(organization.latitude !== null &&
      organization.longitude !== null && {
        latitude: organization.latitude,
        longitude: organization.longitude,
      }),
    occurredAt: occurredAt.toISOString(),
  };
}
