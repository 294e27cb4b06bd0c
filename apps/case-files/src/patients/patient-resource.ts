import { maskCnic, type PatientResource } from '@referral/contracts';
import { currentAge } from './age';
import type { PatientEntity } from './patient.entity';

/** What a response says about a patient: the CNIC only masked. `today` is `YYYY-MM-DD` in Asia/Karachi. */
export function toPatientResource(patient: PatientEntity, today: string): PatientResource {
  return {
    id: patient.id,
    organizationId: patient.organizationId,
    name: patient.name,
    sex: patient.sex,
    birthDate: patient.birthDate,
    // One of them is recorded (a check constraint): the age is never null here.
    ageYears: currentAge(patient, today)!,
    ageStatedOn: patient.birthDate === null ? patient.ageStatedOn : null,
    phone: patient.phone,
    district: patient.district,
    cnicMasked: patient.cnicLastDigit !== null ? maskCnic(patient.cnicLastDigit) : null,
    createdAt: patient.createdAt.toISOString(),
    updatedAt: patient.updatedAt.toISOString(),
  };
}
