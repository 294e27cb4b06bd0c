import type { CodeableConcept, NamingSystem } from '@medplum/fhirtypes';
import { SYSTEMS } from './systems';

/**
 * When these definitions last changed (NamingSystem.date is required): a constant, so that the same
 * definitions read the same every time. Change it with the definitions.
 */
export const NAMING_SYSTEMS_DATE = '2026-12-04';

/** HL7's identifier type for a licence number (v2 table 0203, `MD`). */
const MEDICAL_LICENSE: CodeableConcept = {
  coding: [
    {
      system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
      code: 'MD',
      display: 'Medical License number',
    },
  ],
};

interface Definition {
  id: string;
  url: string;
  name: string;
  description: string;
  responsible?: string;
  type?: CodeableConcept;
}

const DEFINITIONS: readonly Definition[] = [
  {
    id: 'pmdc-number',
    url: SYSTEMS.pmdcNumber,
    name: 'PmdcNumber',
    description:
      'Registration numbers of the Pakistan Medical and Dental Council, as the directory holds them (trimmed, upper-cased, e.g. 12345-P). PMDC has published no URI of its own for them.',
    responsible: 'Pakistan Medical and Dental Council',
    type: MEDICAL_LICENSE,
  },
  {
    id: 'referral-id',
    url: SYSTEMS.referralId,
    name: 'ReferralId',
    description: "Our referral ids (UUIDs): the id of a referral's ServiceRequest and Task.",
  },
  {
    id: 'patient-id',
    url: SYSTEMS.patientId,
    name: 'PatientId',
    description:
      "Our patient ids (UUIDs), the only identifier a Patient carries: never the patient's CNIC or B-Form number.",
  },
  {
    id: 'practitioner-id',
    url: SYSTEMS.practitionerId,
    name: 'PractitionerId',
    description: 'Our practitioner ids (UUIDs) in the directory.',
  },
  {
    id: 'organization-id',
    url: SYSTEMS.organizationId,
    name: 'OrganizationId',
    description: 'Our organization ids (UUIDs) in the directory: clinics, hospitals and partner hospitals.',
  },
];

/**
 * Our identifier systems as R4 NamingSystem resources (kind `identifier`), each identified by its URI
 * (`uniqueId`; an R4 NamingSystem has no `url` element, R5 added it).
 * `responsible` is who issues the identifiers, where that is not us (PMDC).
 */
export function namingSystems(): NamingSystem[] {
  return DEFINITIONS.map((d) => ({
    resourceType: 'NamingSystem',
    id: d.id,
    name: d.name,
    status: 'active',
    kind: 'identifier',
    date: NAMING_SYSTEMS_DATE,
    ...(d.responsible ? { responsible: d.responsible } : {}),
    ...(d.type ? { type: d.type } : {}),
    description: d.description,
    jurisdiction: [{ coding: [{ system: 'urn:iso:std:iso:3166', code: 'PK' }] }],
    uniqueId: [{ type: 'uri', value: d.url, preferred: true }],
  }));
}
