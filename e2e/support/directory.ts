import { createApiClient, type ApiClient } from '@referral/api-client';
import { BOOTSTRAP_ADMIN, obtainToken, registerClient, type IssuedClient } from './clients';

/** A synthetic PMDC number. */
export const pmdc = () => `${Math.floor(Math.random() * 1e9)}-P`;

/** The typed client with the bootstrap admin's token. */
export async function adminClient(gateway: string): Promise<ApiClient> {
  return createApiClient(gateway, {
    token: await obtainToken(gateway, BOOTSTRAP_ADMIN.clientId, BOOTSTRAP_ADMIN.clientSecret),
  });
}

/** A synthetic hospital in the directory; its id. */
export async function createHospital(
  admin: ApiClient,
  name = 'Rawalpindi Institute of Cardiology',
): Promise<string> {
  const hospital = await admin.POST('/v1/organizations', {
    body: { name, kind: 'hospital', district: 'Rawalpindi', province: 'punjab' },
  });
  expect(hospital.response.status).toBe(201);
  return hospital.data!.id;
}

/**
 * A specialist registered in the directory (synthetic name, PMDC number and phone; licence valid, one
 * role in the specialty at the hospital) and an API client with role `specialist` acting for them.
 */
export async function registerSpecialist(
  gateway: string,
  admin: ApiClient,
  options: { name: string; hospitalId: string; specialtyCode: string; phone?: string; languages?: string[] },
): Promise<IssuedClient> {
  const practitioner = await admin.POST('/v1/practitioners', {
    body: {
      name: options.name,
      pmdcNumber: pmdc(),
      licenceType: 'full',
      licenceExpiresOn: '2030-12-31',
      phone: options.phone ?? '+92 321 5550123',
      languages: options.languages ?? ['ur', 'en'],
      organizationId: options.hospitalId,
    },
  });
  expect(practitioner.response.status).toBe(201);
  const id = practitioner.data!.id;
  const role = await admin.POST('/v1/practitioners/{id}/roles', {
    params: { path: { id } },
    body: { specialtyCode: options.specialtyCode, organizationId: options.hospitalId, maxOpenCases: 5 },
  });
  expect(role.response.status).toBe(201);
  return registerClient(gateway, ['specialist'], options.hospitalId, id);
}
