import type { Patient } from '@medplum/fhirtypes';
import type { PatientResource } from '@referral/contracts';
import { SYSTEMS } from './systems';

/**
 * A patient of the case-files service as a FHIR Patient, with what the API's own read shows and
 * nothing more, and never the CNIC: not as an identifier, not masked (no profile we serve requires a
 * national identifier, and the masked form identifies a person no better than it serves a hospital,
 * which has its own MRN). The only identifier is our id.
 *
 * Our `sex` values are administrative-gender's codes already. The birth date only when we hold one:
 * for a patient registered with an age alone we have no birth date, and FHIR's Patient has no element
 * for an age, so it is left out rather than turned into an invented birth date (the age stays in our
 * API, `ageYears`). The district is the address (we hold nothing finer); the registering organization
 * manages the record; the phone is the patient's mobile, as our read gives it to the same callers.
 */
export function toPatient(patient: PatientResource): Patient {
  return {
    resourceType: 'Patient',
    id: patient.id,
    meta: { lastUpdated: patient.updatedAt },
    identifier: [{ system: SYSTEMS.patientId, value: patient.id }],
    name: [{ text: patient.name }],
    ...(patient.phone ? { telecom: [{ system: 'phone', value: patient.phone, use: 'mobile' }] } : {}),
    gender: patient.sex,
    ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
    ...(patient.district ? { address: [{ district: patient.district, country: 'PK' }] } : {}),
    managingOrganization: { reference: `Organization/${patient.organizationId}` },
  };
}
