import { randomUUID } from 'node:crypto';
import { png } from '@referral/testing';
import { startCaseFiles, type TestCaseFiles } from './support/case-files';

interface Summary {
  caseFileId: string;
  patientId: string;
  organizationId: string;
  patientSex: string;
  patientAgeBand: string;
  version: number;
  attachmentIds: string[];
}

interface Problem {
  type: string;
  status: number;
  detail?: string;
}

/**
 * `GET /v1/case-files/{id}/summary`, the internal route the referrals service asks when a referral is
 * submitted (not routed by the gateway), on real PostgreSQL (and Kafka for the outbox).
 */
describe('case-files: the internal case-file summary (real PostgreSQL and Kafka)', () => {
  let caseFiles: TestCaseFiles;
  const clinic = randomUUID();
  const otherClinic = randomUUID();
  const clinicianId = randomUUID();

  const token = (roles: string[], org = clinic, practitioner: string = randomUUID()) =>
    caseFiles.issuer.token({ org, roles, practitioner });
  const clinicianToken = () => token(['clinician'], clinic, clinicianId);
  const call = (
    method: string,
    path: string,
    authorization = clinicianToken(),
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${caseFiles.service.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${authorization}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const summaryOf = (caseFileId: string, authorization = clinicianToken()) =>
    call('GET', `/v1/case-files/${caseFileId}/summary`, authorization);

  /**
   * A patient of `organizationId`. `birthDate` is SQL giving a date (so that "today" is the database's
   * today in Asia/Karachi, as the service's); exactly one of it and `ageYears`, which was stated on
   * `ageStatedOnSql` (by default today).
   */
  async function newPatient(
    patient: { sex?: string; birthDateSql?: string; ageYears?: number; ageStatedOnSql?: string },
    organizationId = clinic,
  ): Promise<string> {
    const id = randomUUID();
    const statedOn = patient.ageStatedOnSql ?? `(now() AT TIME ZONE 'Asia/Karachi')::date`;
    await caseFiles.dataSource.query(
      `INSERT INTO patient (id, organization_id, name, sex, birth_date, age_years, age_stated_on, phone)
       VALUES ($1, $2, 'Bibi Zainab', $3, ${patient.birthDateSql ?? 'NULL'}, $4,
               CASE WHEN $4::int IS NULL THEN NULL ELSE ${statedOn} END, '+923001234567')`,
      [id, organizationId, patient.sex ?? 'female', patient.ageYears ?? null],
    );
    return id;
  }
  async function newCaseFile(patientId: string, organizationId = clinic): Promise<string> {
    const response = await call('POST', '/v1/case-files', token(['clinician'], organizationId), {
      patientId,
      chiefComplaint: 'Itchy rash on both forearms for three weeks',
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }
  async function problemOf(response: Response, status: number): Promise<Problem> {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await response.json()) as Problem;
  }
  const summaryReads = async (caseFileId: string) =>
    caseFiles.count(
      `phi_audit_log WHERE object_type = 'case-file' AND object_id = '${caseFileId}' AND action = 'read'`,
    );
  /** The database's today in Asia/Karachi, `years` earlier, plus `days`. */
  const karachiYearsAgo = (years: number, days = 0) =>
    `((now() AT TIME ZONE 'Asia/Karachi')::date - interval '${years} years' + interval '${days} days')::date`;

  beforeAll(async () => {
    caseFiles = await startCaseFiles({}, { consumeReferralEvents: false });
  });

  afterAll(async () => {
    await caseFiles?.close();
  });

  it('answers the owner’s clinician with ids, sex, age band and version: nothing that identifies the patient', async () => {
    const patientId = await newPatient({ sex: 'male', ageYears: 36 });
    const caseFileId = await newCaseFile(patientId);

    const response = await summaryOf(caseFileId);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      caseFileId,
      patientId,
      organizationId: clinic,
      patientSex: 'male',
      patientAgeBand: '25-44',
      version: 1,
      attachmentIds: [],
    });
  });

  it('lists the ids of the case file’s attachments, oldest first', async () => {
    const caseFileId = await newCaseFile(await newPatient({ ageYears: 50 }));
    const ids: string[] = [];
    for (const name of ['ecg.png', 'rash.png']) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(png(2048))]), name);
      const uploaded = await fetch(`${caseFiles.service.url}/v1/case-files/${caseFileId}/attachments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${clinicianToken()}` },
        body: form,
      });
      expect(uploaded.status).toBe(201);
      ids.push(((await uploaded.json()) as { id: string }).id);
    }
    expect(((await (await summaryOf(caseFileId)).json()) as Summary).attachmentIds).toEqual(ids);
  });

  it('gives the current version', async () => {
    const caseFileId = await newCaseFile(await newPatient({ ageYears: 50 }));
    const patched = await call(
      'PATCH',
      `/v1/case-files/${caseFileId}`,
      clinicianToken(),
      { history: 'Worse after the harvest' },
      { 'if-match': '"1"' },
    );
    expect(patched.status).toBe(200);
    const summary = (await (await summaryOf(caseFileId)).json()) as Summary;
    expect(summary).toMatchObject({ version: 2, patientAgeBand: '45-64', patientSex: 'female' });
  });

  it.each([
    ['an age of 4', '0-4', { ageYears: 4 }],
    ['an age of 5', '5-14', { ageYears: 5 }],
    ['an age of 64', '45-64', { ageYears: 64 }],
    ['an age of 65', '65+', { ageYears: 65 }],
    ['a birth date 25 years ago today (birthday today)', '25-44', { birthDateSql: karachiYearsAgo(25) }],
    [
      'a birth date 25 years ago tomorrow (birthday tomorrow)',
      '15-24',
      { birthDateSql: karachiYearsAgo(25, 1) },
    ],
    ['a birth date 70 years ago', '65+', { birthDateSql: karachiYearsAgo(70, 100) }],
    ['a newborn born today', '0-4', { birthDateSql: karachiYearsAgo(0) }],
    [
      'an age of 44 stated a year ago today (a year older now)',
      '45-64',
      { ageYears: 44, ageStatedOnSql: karachiYearsAgo(1) },
    ],
    [
      'an age of 44 stated a year ago tomorrow (not yet a year older)',
      '25-44',
      { ageYears: 44, ageStatedOnSql: karachiYearsAgo(1, 1) },
    ],
    ['an age of 60 stated ten years ago', '65+', { ageYears: 60, ageStatedOnSql: karachiYearsAgo(10) }],
  ])('bands %s as %s', async (_, band, patient) => {
    const caseFileId = await newCaseFile(await newPatient(patient));
    const summary = (await (await summaryOf(caseFileId)).json()) as Summary;
    expect(summary.patientAgeBand).toBe(band);
  });

  it.each(['female', 'male', 'other', 'unknown'])('gives the sex %s', async (sex) => {
    const caseFileId = await newCaseFile(await newPatient({ sex, ageYears: 30 }));
    expect(((await (await summaryOf(caseFileId)).json()) as Summary).patientSex).toBe(sex);
  });

  it('audits the read (a read of the case file, details { summary: true }) under the caller', async () => {
    const caseFileId = await newCaseFile(await newPatient({ ageYears: 30 }));
    const before = await summaryReads(caseFileId);
    const response = await call('GET', `/v1/case-files/${caseFileId}/summary`, clinicianToken(), undefined, {
      'x-request-id': 'req-summary-0001',
    });
    expect(response.status).toBe(200);
    expect(await summaryReads(caseFileId)).toBe(before + 1);
    const [entry] = (await caseFiles.dataSource.query(
      `SELECT actor_practitioner_id, organization_id, request_id, details FROM phi_audit_log
        WHERE object_type = 'case-file' AND object_id = $1 AND action = 'read'
        ORDER BY id DESC LIMIT 1`,
      [caseFileId],
    )) as {
      actor_practitioner_id: string;
      organization_id: string;
      request_id: string;
      details: unknown;
    }[];
    expect(entry).toEqual({
      actor_practitioner_id: clinicianId,
      organization_id: clinic,
      request_id: 'req-summary-0001',
      details: { summary: true },
    });
    // It shows in the case file's audit trail like any read.
    const trail = (await (await call('GET', `/v1/case-files/${caseFileId}/audit`)).json()) as {
      items: { action: string; requestId: string | null }[];
    };
    expect(trail.items[0]).toMatchObject({ action: 'read', requestId: 'req-summary-0001' });
  });

  it('answers 404 to another organization, as to an unknown id, and audits neither', async () => {
    const caseFileId = await newCaseFile(await newPatient({ ageYears: 30 }));
    const before = await summaryReads(caseFileId);
    for (const roles of [['clinician'], ['coordinator'], ['admin'], ['specialist']]) {
      const problem = await problemOf(await summaryOf(caseFileId, token(roles, otherClinic)), 404);
      expect(problem.detail).toBe(`Case file ${caseFileId} was not found`);
    }
    const unknown = randomUUID();
    const problem = await problemOf(await summaryOf(unknown), 404);
    expect(problem.detail).toBe(`Case file ${unknown} was not found`);
    expect(await summaryReads(caseFileId)).toBe(before);
  });

  it('answers 403 to a role the route does not list (partner), even of the owning organization', async () => {
    const caseFileId = await newCaseFile(await newPatient({ ageYears: 30 }));
    await problemOf(await summaryOf(caseFileId, token(['partner'])), 403);
    await problemOf(await summaryOf(randomUUID(), token(['partner'])), 403);
  });

  it('answers 401 without a token and 400 to an id that is not a UUID', async () => {
    const caseFileId = await newCaseFile(await newPatient({ ageYears: 30 }));
    expect((await fetch(`${caseFiles.service.url}/v1/case-files/${caseFileId}/summary`)).status).toBe(401);
    await problemOf(await call('GET', '/v1/case-files/not-an-id/summary'), 400);
  });

  it('answers a specialist of another organization through a grant, and 404 once it is revoked', async () => {
    const caseFileId = await newCaseFile(await newPatient({ ageYears: 30 }));
    const specialist = randomUUID();
    const specialistToken = () => token(['specialist'], otherClinic, specialist);
    await problemOf(await summaryOf(caseFileId, specialistToken()), 404);

    const referralId = randomUUID();
    await caseFiles.dataSource.query(
      `INSERT INTO case_file_access_grant (referral_id, case_file_id, practitioner_id, granted_at, last_event_at)
       VALUES ($1, $2, $3, now(), now())`,
      [referralId, caseFileId, specialist],
    );
    const response = await summaryOf(caseFileId, specialistToken());
    expect(response.status).toBe(200);
    expect(((await response.json()) as Summary).organizationId).toBe(clinic);

    await caseFiles.dataSource.query(
      'UPDATE case_file_access_grant SET revoked_at = now() WHERE referral_id = $1',
      [referralId],
    );
    await problemOf(await summaryOf(caseFileId, specialistToken()), 404);
  });
});
