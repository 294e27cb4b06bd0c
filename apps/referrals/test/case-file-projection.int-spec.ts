import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import {
  assertEventData,
  createEnvelope,
  encodeData,
  getEventDefinition,
  toKafkaHeaders,
  TOPICS,
  type CaseFileEventData,
  type EventType,
} from '@referral/contracts';
import { testInfrastructure, testKafka, waitUntil } from '@referral/testing';
import { referralBody, startReferrals, type TestReferrals } from './support/referrals';

/**
 * Issue 14: a submission is decided from the projection of `case-files.case-file.v1` (case file →
 * organization, patient, sex, age band, attachments) without asking case-files; a case file the
 * projection lacks (or whose age band may have changed) is asked of case-files as before.
 */
describe('referrals: the case-file projection decides submissions (real PostgreSQL and Kafka)', () => {
  let referrals: TestReferrals;
  let producer: Producer;
  const clinic = randomUUID();
  const otherClinic = randomUUID();

  const clinician = (org = clinic) => ({
    authorization: `Bearer ${referrals.issuer.token({ org, roles: ['clinician'] })}`,
  });
  const post = (path: string, payload: unknown, org = clinic) =>
    fetch(`${referrals.service.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...clinician(org) },
      body: JSON.stringify(payload),
    });

  /** Publishes a case-file event as case-files does (keyed by case file, checked against the contract) and waits until it was handled. */
  async function publish(type: EventType, data: CaseFileEventData): Promise<void> {
    assertEventData(type, data);
    const envelope = createEnvelope({ type, subject: data.caseFileId, data, source: '/case-files' });
    await producer.send({
      topic: TOPICS.caseFile,
      messages: [{ key: data.caseFileId, value: encodeData(envelope), headers: toKafkaHeaders(envelope) }],
    });
    await waitUntil(
      async () =>
        (await referrals.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [envelope.id])).length >
        0,
      `${type} ${envelope.id} handled`,
    );
  }

  const created = (overrides: Partial<CaseFileEventData> = {}): CaseFileEventData => ({
    ...(getEventDefinition('case_file.created').sample as CaseFileEventData),
    caseFileId: randomUUID(),
    patientId: randomUUID(),
    organizationId: clinic,
    version: 1,
    patientSex: 'male',
    patientAgeBand: '45-64',
    patientAgeBandUntil: '2099-01-01',
    occurredAt: new Date().toISOString(),
    ...overrides,
  });

  beforeAll(async () => {
    referrals = await startReferrals();
    producer = testKafka((await testInfrastructure()).kafkaBrokers).producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await referrals?.close();
  });

  afterEach(() => {
    referrals.caseFiles.failWith = undefined;
  });

  it('submits from the projection with case-files down: 201, the patient as the event told, audited', async () => {
    const caseFile = created();
    await publish('case_file.created', caseFile);
    referrals.caseFiles.failWith = 500;
    const asked = referrals.caseFiles.requests;

    const response = await post('/v1/referrals', referralBody({ caseFileId: caseFile.caseFileId }));
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect(referrals.caseFiles.requests).toBe(asked);
    const [row] = await referrals.dataSource.query(
      `SELECT patient_id, patient_sex, patient_age_band, referring_organization_id, version FROM referral WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({
      patient_id: caseFile.patientId,
      patient_sex: 'male',
      patient_age_band: '45-64',
      referring_organization_id: clinic,
      version: 1,
    });
    const history = await referrals.dataSource.query(
      `SELECT action, to_status, to_stage FROM referral_history WHERE referral_id = $1`,
      [id],
    );
    expect(history).toEqual([{ action: 'submit', to_status: 'requested', to_stage: 'pool' }]);
    const audit = await referrals.dataSource.query(
      `SELECT action, object_type, organization_id, details, occurred_at IS NOT NULL AS "when"
         FROM phi_audit_log WHERE object_id = $1`,
      [id],
    );
    expect(audit).toEqual([
      {
        action: 'create',
        object_type: 'referral',
        organization_id: clinic,
        details: { caseFileId: caseFile.caseFileId, caseFileCheckedBy: 'projection' },
        when: true,
      },
    ]);
  });

  it("answers 404 for another organization's case file in the projection, without asking case-files or writing", async () => {
    const caseFile = created({ organizationId: otherClinic });
    await publish('case_file.created', caseFile);
    // Were case-files asked, it would say yes (the stub's case file of the caller's organization).
    referrals.caseFiles.caseFiles.set(caseFile.caseFileId, {
      caseFileId: caseFile.caseFileId,
      patientId: caseFile.patientId,
      organizationId: clinic,
      patientSex: 'male',
      patientAgeBand: '45-64',
      version: 1,
      attachmentIds: [],
    });
    const asked = referrals.caseFiles.requests;
    const before = await referrals.count('referral');

    const response = await post('/v1/referrals', referralBody({ caseFileId: caseFile.caseFileId }));
    expect(response.status).toBe(404);
    expect(referrals.caseFiles.requests).toBe(asked);
    expect(await referrals.count('referral')).toBe(before);
  });

  it('asks case-files, as before, for a case file the projection lacks: 201, 404, 503', async () => {
    const asked = referrals.caseFiles.requests;
    const known = referrals.caseFiles.add(clinic, { patientAgeBand: '5-14' });
    const ok = await post('/v1/referrals', referralBody({ caseFileId: known }));
    expect(ok.status).toBe(201);
    expect(referrals.caseFiles.requests).toBe(asked + 1);
    const { id } = (await ok.json()) as { id: string };
    const [audit] = await referrals.dataSource.query(
      `SELECT details FROM phi_audit_log WHERE object_id = $1`,
      [id],
    );
    expect(audit.details).toEqual({ caseFileId: known, caseFileCheckedBy: 'case-files' });

    const before = await referrals.count('referral');
    expect((await post('/v1/referrals', referralBody({ caseFileId: randomUUID() }))).status).toBe(404);
    const another = referrals.caseFiles.add(clinic);
    referrals.caseFiles.failWith = 500;
    expect((await post('/v1/referrals', referralBody({ caseFileId: another }))).status).toBe(503);
    expect(await referrals.count('referral')).toBe(before);
  });

  it('keeps what the summary told for the rest of the day: the next submission on the case file needs no summary', async () => {
    // Known from its event without the patient (a publisher before the optional fields): asked once.
    const caseFile = created({
      patientSex: undefined,
      patientAgeBand: undefined,
      patientAgeBandUntil: undefined,
    });
    await publish('case_file.created', caseFile);
    referrals.caseFiles.caseFiles.set(caseFile.caseFileId, {
      caseFileId: caseFile.caseFileId,
      patientId: caseFile.patientId,
      organizationId: clinic,
      patientSex: 'other',
      patientAgeBand: '65+',
      version: 1,
      attachmentIds: [],
    });
    const asked = referrals.caseFiles.requests;
    expect((await post('/v1/referrals', referralBody({ caseFileId: caseFile.caseFileId }))).status).toBe(201);
    expect(referrals.caseFiles.requests).toBe(asked + 1);
    const [kept] = await referrals.dataSource.query(
      `SELECT patient_sex, patient_age_band, age_band_until > current_date AS holds
         FROM case_file_projection WHERE case_file_id = $1`,
      [caseFile.caseFileId],
    );
    expect(kept).toEqual({ patient_sex: 'other', patient_age_band: '65+', holds: true });

    referrals.caseFiles.failWith = 500;
    const again = await post('/v1/referrals', referralBody({ caseFileId: caseFile.caseFileId }));
    expect(again.status).toBe(201);
    expect(referrals.caseFiles.requests).toBe(asked + 1);
    const { id } = (await again.json()) as { id: string };
    const [row] = await referrals.dataSource.query(
      `SELECT patient_sex, patient_age_band FROM referral WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ patient_sex: 'other', patient_age_band: '65+' });
    // Another organization's clinician is still told 404, without asking.
    expect(
      (await post('/v1/referrals', referralBody({ caseFileId: caseFile.caseFileId }), otherClinic)).status,
    ).toBe(404);
    expect(referrals.caseFiles.requests).toBe(asked + 1);
  });

  it('asks case-files when the age band may have changed since the event, or the event had no patient', async () => {
    const expired = created({ patientAgeBand: '15-24', patientAgeBandUntil: '2020-01-01' });
    const bare = created({
      patientSex: undefined,
      patientAgeBand: undefined,
      patientAgeBandUntil: undefined,
    });
    for (const caseFile of [expired, bare]) {
      await publish('case_file.created', caseFile);
      referrals.caseFiles.caseFiles.set(caseFile.caseFileId, {
        caseFileId: caseFile.caseFileId,
        patientId: caseFile.patientId,
        organizationId: clinic,
        patientSex: 'female',
        patientAgeBand: '25-44',
        version: 1,
        attachmentIds: [],
      });
      const asked = referrals.caseFiles.requests;
      const response = await post('/v1/referrals', referralBody({ caseFileId: caseFile.caseFileId }));
      expect(response.status).toBe(201);
      expect(referrals.caseFiles.requests).toBe(asked + 1);
      const { id } = (await response.json()) as { id: string };
      const [row] = await referrals.dataSource.query(
        `SELECT patient_sex, patient_age_band FROM referral WHERE id = $1`,
        [id],
      );
      expect(row).toEqual({ patient_sex: 'female', patient_age_band: '25-44' });
    }
  });

  it('accepts a message naming attachments the projection has seen with case-files down; others are asked', async () => {
    const caseFile = created();
    await publish('case_file.created', caseFile);
    const photo = randomUUID();
    const attached = { ...caseFile, version: 2, attachmentId: photo, contentType: 'image/jpeg', size: 2048 };
    await publish('case_file.attachment_added', attached);
    await publish('case_file.attachment_added', attached); // the same attachment told twice: kept once
    await publish('case_file.updated', {
      ...caseFile,
      version: 3,
      patientSex: undefined,
      patientAgeBand: undefined,
    });
    const [projected] = await referrals.dataSource.query(
      `SELECT attachment_ids, version, patient_sex, patient_age_band FROM case_file_projection WHERE case_file_id = $1`,
      [caseFile.caseFileId],
    );
    expect(projected).toEqual({
      attachment_ids: [photo],
      version: 3,
      patient_sex: 'male',
      patient_age_band: '45-64',
    });

    const submitted = await post('/v1/referrals', referralBody({ caseFileId: caseFile.caseFileId }));
    expect(submitted.status).toBe(201);
    const { id } = (await submitted.json()) as { id: string };
    referrals.caseFiles.failWith = 500;
    const asked = referrals.caseFiles.requests;
    const message = await post(`/v1/referrals/${id}/messages`, {
      kind: 'note',
      text: 'Photo of the rash attached.',
      attachmentIds: [photo],
    });
    expect(message.status).toBe(201);
    expect(referrals.caseFiles.requests).toBe(asked);

    // An attachment the projection has not seen: case-files is asked (down: 503, nothing written).
    const unseen = await post(`/v1/referrals/${id}/messages`, {
      kind: 'note',
      text: 'And the ECG.',
      attachmentIds: [randomUUID()],
    });
    expect(unseen.status).toBe(503);
    expect(referrals.caseFiles.requests).toBe(asked + 1);
  });
});
