import type { CodeSystem } from '@medplum/fhirtypes';
import type { SpecialtyResource } from '@referral/contracts';
import { SYSTEMS } from './systems';

/**
 * Our specialties as a FHIR CodeSystem (complete: every code the directory knows), each with its
 * English name as display and its Urdu name as a designation, so that a hospital's system can show
 * either. Built from the directory's list (`GET /v1/specialties`), which is where the names live.
 */
export function toSpecialtyCodeSystem(specialties: readonly SpecialtyResource[]): CodeSystem {
  return {
    resourceType: 'CodeSystem',
    id: 'specialty',
    url: SYSTEMS.specialty,
    name: 'Specialty',
    title: 'Specialties a referral can ask',
    status: 'active',
    experimental: false,
    caseSensitive: true,
    content: 'complete',
    count: specialties.length,
    concept: specialties.map(({ code, nameEn, nameUr }) => ({
      code,
      display: nameEn,
      designation: [{ language: 'ur', value: nameUr }],
    })),
  };
}
