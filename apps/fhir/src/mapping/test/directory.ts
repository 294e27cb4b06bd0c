import type {
  OrganizationResource,
  PractitionerResource,
  PractitionerRoleResource,
} from '@referral/contracts';

/** Synthetic directory reads (`GET /v1/organizations/{id}`, `GET /v1/practitioners/{id}`), with the changes a spec needs. */
export const organization = (changes: Partial<OrganizationResource> = {}): OrganizationResource => ({
  id: '7d9f3a10-0c5e-4c2b-9e61-3f0a5b8d2c01',
  name: 'Rural Health Centre Choa Saidan Shah',
  kind: 'clinic',
  district: 'Chakwal',
  province: 'punjab',
  phone: '+923001234567',
  latitude: null,
  longitude: null,
  active: true,
  createdAt: '2026-11-01T05:00:00.000Z',
  updatedAt: '2026-11-20T05:00:00.000Z',
  ...changes,
});

export const role = (changes: Partial<PractitionerRoleResource> = {}): PractitionerRoleResource => ({
  id: '0d9b4c7e-2f6a-4a18-9e35-c81b7d4f2a69',
  practitionerId: '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  specialtyCode: 'dermatology',
  organizationId: 'a91e2c37-4b5d-4f68-8e13-27c9d0b6e5a4',
  maxOpenCases: 10,
  availability: [
    { day: 'mon', start: '18:00', end: '22:00' },
    { day: 'sat', start: '09:00', end: '13:00' },
    { day: 'wed', start: '18:00', end: '22:00' },
  ],
  active: true,
  createdAt: '2026-11-02T05:00:00.000Z',
  updatedAt: '2026-11-21T05:00:00.000Z',
  ...changes,
});

export const practitioner = (changes: Partial<PractitionerResource> = {}): PractitionerResource => ({
  id: '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  name: 'Dr. Ayesha Siddiqui',
  pmdcNumber: '12345-P',
  licenceType: 'full',
  licenceExpiresOn: '2027-12-31',
  licenceValid: true,
  phone: '+923211234567',
  email: 'ayesha.siddiqui@example.pk',
  languages: ['ur', 'en', 'pa'],
  organizationId: 'a91e2c37-4b5d-4f68-8e13-27c9d0b6e5a4',
  active: true,
  roles: [role()],
  createdAt: '2026-11-02T05:00:00.000Z',
  updatedAt: '2026-11-22T05:00:00.000Z',
  ...changes,
});
