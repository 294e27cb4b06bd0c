import { randomUUID } from 'node:crypto';
import type { ApiSchemas } from '@referral/api-client';
import type { IssuedClient } from './clients';

/** A synthetic CNIC that no one holds (first digit 3, so it is well-formed), unique per call. */
export const syntheticCnic = () => `3${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`;

export type PatientInput = Partial<ApiSchemas['CreatePatientRequest']>;

export interface SyntheticCaseFile {
  caseFileId: string;
  patientId: string;
  /** What the patient was registered with (synthetic), to look for where it must not be. */
  patient: ApiSchemas['CreatePatientRequest'];
}

/**
 * A synthetic patient of the client's organization and a case file on them, through the gateway, as
 * a clinic opens one before asking a specialist: a referral may only be submitted on a case file of
 * the caller's organization. The client must have the role `clinician`.
 */
export async function createCaseFile(
  client: IssuedClient,
  {
    patient: overrides = {},
    chiefComplaint = 'Itchy annular rash on the forearm for three weeks',
  }: { patient?: PatientInput; chiefComplaint?: string } = {},
): Promise<SyntheticCaseFile> {
  const patient: ApiSchemas['CreatePatientRequest'] = {
    name: 'Bibi Zainab',
    sex: 'female',
    ageYears: 34,
    district: 'Chakwal',
    ...overrides,
  };
  const registered = await client.api.POST('/v1/patients', {
    params: { header: { 'Idempotency-Key': randomUUID() } },
    body: patient,
  });
  if (registered.response.status !== 201) {
    throw new Error(`patients: ${registered.response.status} ${JSON.stringify(registered.error)}`);
  }
  const opened = await client.api.POST('/v1/case-files', {
    params: { header: { 'Idempotency-Key': randomUUID() } },
    body: { patientId: registered.data!.id, chiefComplaint } as never,
  });
  if (opened.response.status !== 201) {
    throw new Error(`case-files: ${opened.response.status} ${JSON.stringify(opened.error)}`);
  }
  return { caseFileId: opened.data!.id, patientId: registered.data!.id, patient };
}
