import { randomUUID } from 'node:crypto';
import { assertEventData, CaseFileEventData, TOPICS } from '@referral/contracts';
import { testInfrastructure, testKafka, TopicRecorder } from '@referral/testing';
import { startCaseFiles, type TestCaseFiles } from './support/case-files';

describe('case-files: case file events on Kafka (real PostgreSQL and Kafka)', () => {
  let caseFiles: TestCaseFiles;
  let recorder: TopicRecorder;
  const clinic = randomUUID();

  const call = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${caseFiles.service.url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${caseFiles.issuer.token({ org: clinic, roles: ['clinician'], practitioner: randomUUID() })}`,
        ...headers,
      },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    caseFiles = await startCaseFiles();
    const infra = await testInfrastructure();
    recorder = await new TopicRecorder(testKafka(infra.kafkaBrokers), [TOPICS.caseFile]).start();
  });

  afterAll(async () => {
    await recorder?.stop();
    await caseFiles?.close();
  });

  it('publishes case_file.created and case_file.updated as CloudEvents with ids and the version only', async () => {
    const patientId = randomUUID();
    await caseFiles.dataSource.query(
      `INSERT INTO patient (id, organization_id, name, sex, age_years, age_stated_on) VALUES ($1, $2, 'Mai Bhagi', 'female', 61, current_date)`,
      [patientId, clinic],
    );
    const created = await call('POST', '/v1/case-files', {
      patientId,
      chiefComplaint: 'Breathlessness on exertion',
      history: 'Wheeze every winter since the brick kiln opened nearby',
      vitals: { pulse: 112, spo2: 91, temperature: { value: 99.1, unit: 'F' } },
      medications: [{ name: 'Salbutamol inhaler', dose: '2 puffs' }],
      allergies: [{ substance: 'Aspirin', reaction: 'wheeze' }],
    });
    expect(created.status).toBe(201);
    const caseFile = (await created.json()) as { id: string; updatedAt: string };
    const updated = await call(
      'PATCH',
      `/v1/case-files/${caseFile.id}`,
      { history: 'Worse at night; sleeps propped on three pillows' },
      { 'if-match': '"1"' },
    );
    expect(updated.status).toBe(200);

    await recorder.waitFor(
      (messages) => messages.filter((m) => m.key === caseFile.id).length >= 2,
      'both case file events',
    );
    const events = recorder.messages.filter((m) => m.key === caseFile.id);
    expect(events.map((m) => m.headers.ce_type)).toEqual(['case_file.created', 'case_file.updated']);

    for (const [index, event] of events.entries()) {
      expect(event.topic).toBe('case-files.case-file.v1');
      expect(event.headers).toMatchObject({
        ce_specversion: '1.0',
        ce_source: '/case-files',
        ce_subject: caseFile.id,
        'content-type': 'application/json',
      });
      expect(event.headers.ce_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(event.headers.ce_dataschema).toMatch(/case-files\.case-file\.v1$/);
      const data = JSON.parse(event.value!) as Record<string, unknown>;
      expect(assertEventData(event.headers.ce_type, data)).toBeInstanceOf(CaseFileEventData);
      expect(data).toEqual({
        caseFileId: caseFile.id,
        patientId,
        organizationId: clinic,
        version: index + 1,
        occurredAt: expect.any(String),
      });
      for (const text of [
        'Breathless',
        'Wheeze',
        'brick',
        'pillows',
        'Salbutamol',
        'Aspirin',
        'Mai Bhagi',
        '112',
        '99.1',
      ]) {
        expect(event.value).not.toContain(text);
      }
    }
    expect(JSON.parse(events[0].value!).occurredAt).toBe(caseFile.updatedAt);
  });

  it('keeps the change and its event together: a refused change publishes nothing', async () => {
    const before = await caseFiles.count('outbox');
    const response = await call(
      'PATCH',
      `/v1/case-files/${randomUUID()}`,
      { history: 'x' },
      { 'if-match': '"1"' },
    );
    expect(response.status).toBe(404);
    const foreign = await call('POST', '/v1/case-files', {
      patientId: randomUUID(),
      chiefComplaint: 'Cough',
    });
    expect(foreign.status).toBe(404);
    expect(await caseFiles.count('outbox')).toBe(before);
  });
});
