import type { ConsultResource, MessageResource } from '@referral/contracts';

/** A synthetic message of a referral's thread (a specialist's clarification request, by default). */
export const message = (changes: Partial<MessageResource> = {}): MessageResource => ({
  id: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
  kind: 'clarification-request',
  text: 'Is the rash itchy at night? A close-up photo would help.',
  attachmentIds: [],
  side: 'specialist',
  authorPractitionerId: '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  authorOrganizationId: 'a91e2c37-4b5d-4f68-8e13-27c9d0b6e5a4',
  createdAt: '2026-12-04T10:00:00.000Z',
  ...changes,
});

export const consult = (changes: Partial<ConsultResource> = {}): ConsultResource => ({
  assessment: 'Tinea corporis, typical annular lesion with central clearing',
  advice: 'Topical terbinafine twice daily for 2 weeks; review if not better',
  recommendation: 'manage-locally',
  followUpInDays: 14,
  practitionerId: '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  providedAt: '2026-12-05T09:00:00.000Z',
  ...changes,
});
