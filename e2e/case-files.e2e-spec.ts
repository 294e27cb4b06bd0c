import { randomUUID } from 'node:crypto';
import { startStack, testInfrastructure, type RunningStack } from '@referral/testing';
import { registerClient, type IssuedClient } from './support/clients';

/**
 * Case files through the gateway with the whole stack running: versions with ETag / If-Match, vitals
 * range checks, organization boundaries and the PHI audit trail.
 */
describe('case files through the gateway, with the generated client', () => {
  let stack: RunningStack;
  let clinic: IssuedClient;
  let otherClinic: IssuedClient;
  let patientId: string;

  beforeAll(async () => {
    stack = await startStack(await testInfrastructure());
    clinic = await registerClient(stack.gateway, ['clinician']);
    otherClinic = await registerClient(stack.gateway, ['clinician']);
    const patient = await clinic.api.POST('/v1/patients', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: { name: 'Muhammad Aslam', sex: 'male', ageYears: 52, district: 'Jhelum' } as never,
    });
    expect(patient.response.status).toBe(201);
    patientId = patient.data!.id;
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  }, 120_000);

  const open = (client: IssuedClient, body: Record<string, unknown> = {}) =>
    client.api.POST('/v1/case-files', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: {
        patientId,
        chiefComplaint: 'Exertional chest pain for two weeks',
        history: 'Smoker, 20 pack-years. Pain settles with rest.',
        vitals: { pulse: 88, spo2: 97, bloodPressure: { systolic: 150, diastolic: 95, unit: 'mmHg' } },
        medications: [{ name: 'Aspirin', dose: '75 mg', frequency: 'once daily' }],
        allergies: [],
        ...body,
      } as never,
    });

  it('opens a case file, changes it under If-Match, keeps old versions and audits every access', async () => {
    const created = await open(clinic);
    expect(created.response.status).toBe(201);
    expect(created.response.headers.get('etag')).toBe('"1"');
    const id = created.data!.id;

    const path = { params: { path: { id } } };
    // The document requires If-Match; sent without it anyway, the service answers 428.
    const missing = await clinic.api.PATCH('/v1/case-files/{id}', {
      params: { path: { id }, header: {} as { 'If-Match': string } },
      body: { history: 'x' },
    });
    expect(missing.response.status).toBe(428);

    const changed = await clinic.api.PATCH('/v1/case-files/{id}', {
      params: { path: { id }, header: { 'If-Match': '"1"' } },
      body: { history: 'Smoker, 20 pack-years. Pain now also at rest.' },
    });
    expect(changed.response.status).toBe(200);
    expect(changed.data!.version).toBe(2);
    expect(changed.response.headers.get('etag')).toBe('"2"');

    const stale = await clinic.api.PATCH('/v1/case-files/{id}', {
      params: { path: { id }, header: { 'If-Match': '"1"' } },
      body: { history: 'A lost update' },
    });
    expect(stale.response.status).toBe(409);

    const first = await clinic.api.GET('/v1/case-files/{id}', {
      params: { path: { id }, query: { version: 1 } },
    });
    expect(first.data!.history).toBe('Smoker, 20 pack-years. Pain settles with rest.');

    const audit = await clinic.api.GET('/v1/case-files/{id}/audit', path);
    expect(audit.response.status).toBe(200);
    expect(audit.data!.items.map((e) => e.action)).toEqual(['read', 'update', 'create']);
    expect(audit.data!.items.every((e) => e.organizationId === clinic.organizationId)).toBe(true);
  });

  it.each([
    ['a pulse of 900', { vitals: { pulse: 900 } }, 'vitals.pulse'],
    ['an SpO2 of 140', { vitals: { spo2: 140 } }, 'vitals.spo2'],
  ])('refuses %s with 422 naming the field', async (_name, body, field) => {
    const { response, error } = await open(clinic, body);
    expect(response.status).toBe(422);
    expect(JSON.stringify(error)).toContain(field);
  });

  it("answers 404 to another organization: for its patient's case file and for reading one", async () => {
    const forTheirPatient = await open(otherClinic);
    expect(forTheirPatient.response.status).toBe(404);
    const created = await open(clinic);
    const read = await otherClinic.api.GET('/v1/case-files/{id}', {
      params: { path: { id: created.data!.id } },
    });
    expect(read.response.status).toBe(404);
  });
});
