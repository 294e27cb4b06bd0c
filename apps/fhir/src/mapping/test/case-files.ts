import type { AttachmentResource, CaseFileResource, PatientResource } from '@referral/contracts';

/** A synthetic patient as the case-files service answers it (the CNIC is synthetic: it starts with 3). */
export const patient = (changes: Partial<PatientResource> = {}): PatientResource => ({
  id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  organizationId: '7d9f3a10-0c5e-4c2b-9e61-3f0a5b8d2c01',
  name: 'Bibi Zainab',
  sex: 'female',
  birthDate: '1988-04-17',
  ageYears: 38,
  ageStatedOn: null,
  phone: '+923001112233',
  district: 'Chakwal',
  cnicMasked: '*****-*******-3',
  createdAt: '2026-12-01T06:00:00.000Z',
  updatedAt: '2026-12-02T06:00:00.000Z',
  ...changes,
});

export const caseFile = (changes: Partial<CaseFileResource> = {}): CaseFileResource => ({
  id: '9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f',
  patientId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  organizationId: '7d9f3a10-0c5e-4c2b-9e61-3f0a5b8d2c01',
  version: 2,
  chiefComplaint: 'Itchy rash on both forearms for three weeks',
  history: 'Started after the wheat harvest.',
  vitals: {},
  medications: [],
  allergies: [],
  createdAt: '2026-12-04T07:00:00.000Z',
  updatedAt: '2026-12-04T07:30:00.000Z',
  ...changes,
});

export const attachment = (changes: Partial<AttachmentResource> = {}): AttachmentResource => ({
  id: 'f5d2b8a6-1c9e-4e34-97b0-4a3c6e8d1f52',
  caseFileId: '9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f',
  contentType: 'image/jpeg',
  size: 1482311,
  sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  description: 'Rash on the left forearm, day 3',
  createdAt: '2026-12-04T07:40:00.000Z',
  ...changes,
});
