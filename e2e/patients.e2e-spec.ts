import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  jpeg,
  SERVICES,
  startStack,
  testInfrastructure,
  testKafka,
  TopicRecorder,
  type RunningStack,
  type TestInfrastructure,
} from '@referral/testing';
import { registerClient, type IssuedClient } from './support/clients';

/** A synthetic CNIC that no one holds (first digit 1–7, so it is well-formed), unique per run. */
const syntheticCnic = () => `3${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`;
const dashed = (digits: string) => `${digits.slice(0, 5)}-${digits.slice(5, 12)}-${digits.slice(12)}`;

/**
 * Patients through the gateway with the whole stack running: registration, the CNIC only ever
 * masked, lookup within the organization, and no CNIC in any service's log.
 */
describe('patients through the gateway, with the generated client', () => {
  let infra: TestInfrastructure;
  let stack: RunningStack;
  let clinic: IssuedClient;
  let otherClinic: IssuedClient;
  const cnic = syntheticCnic();

  beforeAll(async () => {
    infra = await testInfrastructure();
    stack = await startStack(infra);
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

  it('keeps the CNIC out of every Kafka message and every table of every service database', async () => {
    // Give the patient a case file and an attachment, so that events about them exist.
    const patient = await clinic.api.GET('/v1/patients', { params: { query: { cnic } } });
    const patientId = patient.data!.items[0].id;
    const caseFile = await clinic.api.POST('/v1/case-files', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: { patientId, chiefComplaint: 'Fever and cough for ten days' } as never,
    });
    expect(caseFile.response.status).toBe(201);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(jpeg(4000))]), 'chest.jpg');
    const attached = await fetch(`${stack.gateway}/v1/case-files/${caseFile.data!.id}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clinic.token}` },
      body: form,
    });
    expect(attached.status).toBe(201);

    // Every topic on the broker, from its beginning to its end now, once the case file's events are in.
    const kafka = testKafka(infra.kafkaBrokers);
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => !topic.startsWith('__'));
    const ends = new Map<string, number>();
    const recorder = await new TopicRecorder(kafka, topics).start();
    try {
      await recorder.waitFor(
        (messages) => messages.some((m) => m.value?.includes(caseFile.data!.id)),
        'the case file events',
      );
      for (const topic of topics) {
        for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
          ends.set(`${topic}/${partition}`, Number(high));
        }
      }
      await recorder.waitFor(
        (messages) =>
          [...ends].every(
            ([at, end]) =>
              end === 0 ||
              messages.some((m) => `${m.topic}/${m.partition}` === at && Number(m.offset) >= end - 1),
          ),
        'every topic read to its end',
      );
    } finally {
      await recorder.stop();
      await admin.disconnect();
    }
    const withCnic = recorder.messages.filter((m) =>
      [m.key, m.value, ...Object.values(m.headers)].some(
        (text) => text?.includes(cnic) || text?.includes(dashed(cnic)),
      ),
    );
    expect(recorder.messages.length).toBeGreaterThan(0);
    expect(withCnic).toEqual([]);

    // Every row of every table of every service's database, as text (bytea as hex, jsonb as JSON).
    for (const service of SERVICES) {
      const db = new Client({ connectionString: stack.databaseUrl(service) });
      await db.connect();
      try {
        const { rows: tables } = await db.query<{ name: string }>(
          `SELECT quote_ident(table_name) AS name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
        );
        expect(tables.length).toBeGreaterThan(0);
        for (const { name } of tables) {
          const { rows } = await db.query<{ n: string }>(
            `SELECT count(*) AS n FROM ${name} t WHERE t::text LIKE '%' || $1 || '%' OR t::text LIKE '%' || $2 || '%'`,
            [cnic, dashed(cnic)],
          );
          expect({ service, table: name, rows: Number(rows[0].n) }).toEqual({
            service,
            table: name,
            rows: 0,
          });
        }
      } finally {
        await db.end();
      }
    }
  });

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
