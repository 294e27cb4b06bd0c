import { randomUUID } from 'node:crypto';
import { startStack, testInfrastructure, SERVICES, type RunningStack } from '@referral/testing';
import { registerClient, type IssuedClient } from './support/clients';

/** A synthetic CNIC that no one holds (first digit 1–7, so it is well-formed), unique per run. */
const syntheticCnic = () => `3${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`;
const dashed = (digits: string) => `${digits.slice(0, 5)}-${digits.slice(5, 12)}-${digits.slice(12)}`;

/**
 * Patients through the gateway with the whole stack running: registration, the CNIC only ever
 * masked, lookup within the organization, and no CNIC in any service's log.
 */
describe('patients through the gateway, with the generated client', () => {
  let stack: RunningStack;
  let clinic: IssuedClient;
  let otherClinic: IssuedClient;
  const cnic = syntheticCnic();

  beforeAll(async () => {
    stack = await startStack(await testInfrastructure());
    clinic = await registerClient(stack.gateway, ['clinician']);
    otherClinic = await registerClient(stack.gateway, ['clinician']);
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  }, 120_000);

  const register = (client: IssuedClient, body: Record<string, unknown>) =>
    client.api.POST('/v1/patients', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: { name: 'Bibi Zainab', sex: 'female', ageYears: 34, district: 'Chakwal', ...body } as never,
    });

  it('registers a patient, answers with the CNIC masked, finds them by CNIC, and refuses a duplicate', async () => {
    const created = await register(clinic, { cnic: dashed(cnic), phone: '0300-5551234' });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({
      cnicMasked: `*****-*******-${cnic.slice(12)}`,
      phone: '+923005551234',
    });
    expect(JSON.stringify(created.data)).not.toContain(cnic.slice(0, 5));

    const found = await clinic.api.GET('/v1/patients', { params: { query: { cnic } } });
    expect(found.response.status).toBe(200);
    expect(found.data!.items.map((p) => p.id)).toEqual([created.data!.id]);

    const duplicate = await register(clinic, { cnic });
    expect(duplicate.response.status).toBe(409);
    expect(duplicate.error).toMatchObject({ existingPatientId: created.data!.id });

    // Another organization neither sees the patient nor finds them by CNIC.
    const read = await otherClinic.api.GET('/v1/patients/{id}', {
      params: { path: { id: created.data!.id } },
    });
    expect(read.response.status).toBe(404);
    const search = await otherClinic.api.GET('/v1/patients', { params: { query: { cnic } } });
    expect(search.data!.items).toEqual([]);
  });

  it.each(['35202-1234567', '85202-1234567-3', '0520212345673', '3520A12345673'])(
    'refuses the malformed CNIC %s with 422',
    async (bad) => {
      const { response, error } = await register(clinic, { cnic: bad });
      expect(response.status).toBe(422);
      expect(JSON.stringify(error)).toContain('cnic');
    },
  );

  it('keeps the CNIC out of every service log', () => {
    for (const service of SERVICES) {
      const logs = stack.logs(service);
      expect({ service, plain: logs.includes(cnic), dashed: logs.includes(dashed(cnic)) }).toEqual({
        service,
        plain: false,
        dashed: false,
      });
    }
    // The lookup did reach the logs, with its query value dropped.
    expect(stack.logs('gateway')).toContain('/v1/patients?cnic=');
  });
});
