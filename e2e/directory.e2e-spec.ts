import { randomUUID } from 'node:crypto';
import { createApiClient, type ApiClient } from '@referral/api-client';
import { startStack, testInfrastructure, type RunningStack } from '@referral/testing';
import { BOOTSTRAP_ADMIN, obtainToken, registerClient, type IssuedClient } from './support/clients';

/** A unique synthetic PMDC registration number, sent untidy on purpose. */
const pmdc = () => ` pmdc-${Math.floor(Math.random() * 1e9)}-p `;

/**
 * The directory through the gateway, as administrators and clinics use it: organizations,
 * practitioners with PMDC licences, specialty roles, and the search that routing relies on.
 */
describe('directory through the gateway, with the generated client', () => {
  let stack: RunningStack;
  let admin: ApiClient;
  let hospitalId: string;
  let clinic: IssuedClient;

  beforeAll(async () => {
    stack = await startStack(await testInfrastructure());
    admin = createApiClient(stack.gateway, {
      token: await obtainToken(stack.gateway, BOOTSTRAP_ADMIN.clientId, BOOTSTRAP_ADMIN.clientSecret),
    });
    const hospital = await admin.POST('/v1/organizations', {
      body: { name: 'Mayo Hospital Lahore', kind: 'hospital', district: 'Lahore', province: 'punjab' },
    });
    expect(hospital.response.status).toBe(201);
    hospitalId = hospital.data!.id;
    const clinicOrg = await admin.POST('/v1/organizations', {
      body: {
        name: 'BHU Chak 45',
        kind: 'clinic',
        district: 'Chakwal',
        province: 'punjab',
        phone: '0300-5550001',
      },
    });
    expect(clinicOrg.data!.phone).toBe('+923005550001');
    clinic = await registerClient(stack.gateway, ['clinician'], clinicOrg.data!.id);
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  }, 120_000);

  const practitioner = (overrides: Record<string, unknown> = {}) => ({
    name: 'Dr. Ayesha Siddiqui',
    pmdcNumber: pmdc(),
    licenceType: 'full' as const,
    licenceExpiresOn: '2030-12-31',
    phone: '+92 321 5550123',
    languages: ['ur', 'en', 'pa'],
    organizationId: hospitalId,
    ...overrides,
  });

  it('lists the specialties with their Urdu names to any caller', async () => {
    const { data, response } = await clinic.api.GET('/v1/specialties');
    expect(response.status).toBe(200);
    expect(data!.items.length).toBeGreaterThanOrEqual(17);
    expect(data!.items.find((s) => s.code === 'dermatology')?.nameUr).toMatch(/\p{Script=Arabic}/u);
  });

  it('registers a specialist, gives them a role, and finds them as eligible', async () => {
    const created = await admin.POST('/v1/practitioners', { body: practitioner() as never });
    expect(created.response.status).toBe(201);
    const id = created.data!.id;
    expect(created.data).toMatchObject({ phone: '+923215550123', licenceValid: true });
    expect(created.data!.pmdcNumber).toMatch(/^PMDC-\d+-P$/);

    const role = await admin.POST('/v1/practitioners/{id}/roles', {
      params: { path: { id } },
      body: { specialtyCode: 'dermatology', organizationId: hospitalId, maxOpenCases: 8 },
    });
    expect(role.response.status).toBe(201);

    const found = await clinic.api.GET('/v1/practitioners', {
      params: { query: { specialty: 'dermatology', language: 'pa', available: true } },
    });
    expect(found.response.status).toBe(200);
    expect(found.data!.items.map((r) => r.practitionerId)).toContain(id);
    expect(JSON.stringify(found.data)).not.toContain('+923215550123');
  });

  it('refuses bad input with 4xx: duplicate PMDC, unknown specialty, malformed phone, bad windows, capacity 0', async () => {
    const first = await admin.POST('/v1/practitioners', { body: practitioner() as never });
    const id = first.data!.id;
    const duplicate = await admin.POST('/v1/practitioners', {
      body: practitioner({ pmdcNumber: first.data!.pmdcNumber.toLowerCase() }) as never,
    });
    expect(duplicate.response.status).toBe(409);

    const phone = await admin.POST('/v1/practitioners', {
      body: practitioner({ phone: '051-1234567' }) as never,
    });
    expect(phone.response.status).toBe(422);

    const role = (body: Record<string, unknown>) =>
      admin.POST('/v1/practitioners/{id}/roles', {
        params: { path: { id } },
        body: { specialtyCode: 'cardiology', organizationId: hospitalId, maxOpenCases: 5, ...body } as never,
      });
    expect((await role({ specialtyCode: 'astrology' })).response.status).toBe(422);
    expect((await role({ maxOpenCases: 0 })).response.status).toBe(422);
    const overlapping = [
      { day: 'mon', start: '18:00', end: '21:00' },
      { day: 'mon', start: '20:00', end: '22:00' },
    ];
    expect((await role({ availability: overlapping })).response.status).toBe(422);
    expect(
      (await role({ availability: [{ day: 'tue', start: '21:00', end: '20:00' }] })).response.status,
    ).toBe(422);
  });

  it("answers 404 to a coordinator changing another organization's practitioner", async () => {
    const { data } = await admin.POST('/v1/practitioners', { body: practitioner() as never });
    const coordinator = await registerClient(stack.gateway, ['coordinator'], randomUUID());
    const { response } = await coordinator.api.PATCH('/v1/practitioners/{id}', {
      params: { path: { id: data!.id } },
      body: { languages: ['ur'] },
    });
    expect(response.status).toBe(404);
  });
});
