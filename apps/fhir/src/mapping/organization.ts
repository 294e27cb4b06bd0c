import type { Address, Organization } from '@medplum/fhirtypes';
import type { OrganizationKind, OrganizationResource, Province } from '@referral/contracts';
import { SYSTEMS } from './systems';

/** Our province codes as the names an address shows (FHIR Address.state is text). */
export const PROVINCE_NAMES: Readonly<Record<Province, string>> = {
  punjab: 'Punjab',
  sindh: 'Sindh',
  'khyber-pakhtunkhwa': 'Khyber Pakhtunkhwa',
  balochistan: 'Balochistan',
  islamabad: 'Islamabad Capital Territory',
  'gilgit-baltistan': 'Gilgit-Baltistan',
  'azad-kashmir': 'Azad Jammu and Kashmir',
};

export const KIND_NAMES: Readonly<Record<OrganizationKind, string>> = {
  clinic: 'Clinic',
  hospital: 'Hospital',
  partner: 'Partner hospital',
};

/** HL7's organization-type: every organization of ours gives care (a partner is a hospital that integrates). */
const HEALTHCARE_PROVIDER = {
  system: 'http://terminology.hl7.org/CodeSystem/organization-type',
  code: 'prov',
  display: 'Healthcare Provider',
};

/**
 * An organization of the directory as a FHIR Organization: our id as its identifier, the name, its
 * kind (ours, with HL7's "healthcare provider" beside it so that a generic client understands it), the
 * district and province as an address in Pakistan (the directory holds no street address), whether it
 * still takes part, and its phone number when it has one.
 */
export function toOrganization(org: OrganizationResource): Organization {
  const address: Address = {
    use: 'work',
    district: org.district,
    state: PROVINCE_NAMES[org.province] ?? org.province,
    country: 'PK',
  };
  return {
    resourceType: 'Organization',
    id: org.id,
    meta: { lastUpdated: org.updatedAt },
    identifier: [{ system: SYSTEMS.organizationId, value: org.id }],
    active: org.active,
    type: [
      {
        coding: [
          { system: SYSTEMS.organizationKind, code: org.kind, display: KIND_NAMES[org.kind] ?? org.kind },
          HEALTHCARE_PROVIDER,
        ],
      },
    ],
    name: org.name,
    ...(org.phone ? { telecom: [{ system: 'phone', value: org.phone, use: 'work' }] } : {}),
    address: [address],
  };
}
