import type { ReferralResource } from '@referral/contracts';

/** A synthetic referral as the referrals service answers it, with the changes a spec needs. */
export const referral = (changes: Partial<ReferralResource> = {}): ReferralResource => ({
  id: '3c5e7a9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d',
  status: 'requested',
  stage: 'pool',
  priority: 'routine',
  specialtyCode: 'dermatology',
  question: 'Annular itchy rash: tinea or eczema?',
  caseFileId: '9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f',
  patientId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  referringOrganizationId: '7d9f3a10-0c5e-4c2b-9e61-3f0a5b8d2c01',
  referringPractitionerId: '2b6e0c4d-8f1a-4d3e-9b7c-5a0f1e2d3c40',
  targetPractitionerId: null,
  holderPractitionerId: null,
  allowConversion: false,
  requiredLanguage: null,
  claimDueAt: '2026-12-04T12:00:00.000Z',
  answerDueAt: '2026-12-06T12:00:00.000Z',
  createdAt: '2026-12-04T08:00:00.000Z',
  updatedAt: '2026-12-04T08:00:00.000Z',
  consult: null,
  ...changes,
});
