import { randomUUID } from 'node:crypto';
import { describeAuthorizationMatrix } from '@referral/testing-service';
import { startCaseFiles, type TestCaseFiles } from './support/case-files';

interface Problem {
  type: string;
  status: number;
  detail?: string;
  currentVersion?: number;
  errors?: { field: string; message: string }[];
}

interface CaseFile {
  id: string;
  patientId: string;
  organizationId: string;
  version: number;
  chiefComplaint: string;
  history: string;
  vitals: Record<string, unknown>;
  medications: unknown[];
  allergies: unknown[];
  createdAt: string;
  updatedAt: string;
}

interface AuditPage {
  items: {
    occurredAt: string;
    actorClientId: string;
    actorPractitionerId: string | null;
    organizationId: string;
    action: string;
    version: number | null;
    requestId: string | null;
  }[];
  nextCursor: string | null;
}

/** Case files through the case-files service's HTTP API, on real PostgreSQL (and Kafka for the outbox). */
describe('case-files: case files (real PostgreSQL and Kafka)', () => {
  let caseFiles: TestCaseFiles;
  const clinic = randomUUID();
  const otherClinic = randomUUID();
  const clinician = { practitioner: randomUUID(), roles: ['clinician'] };

  const token = (roles: string[], org = clinic, practitioner: string = randomUUID()) =>
    caseFiles.issuer.token({ org, roles, practitioner });
  const clinicianToken = () => token(clinician.roles, clinic, clinician.practitioner);
  const call = (
    method: string,
    path: string,
    body?: unknown,
    authorization = clinicianToken(),
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

  async function newPatient(organizationId: string = clinic): Promise<string> {
    const id = randomUUID();
    await caseFiles.dataSource.query(
      `INSERT INTO patient (id, organization_id, name, sex, age_years, age_stated_on) VALUES ($1, $2, 'Bibi Zainab', 'female', 36, current_date)`,
      [id, organizationId],
    );
    return id;
  }
  const caseFileBody = (patientId: string, overrides: Record<string, unknown> = {}) => ({
    patientId,
    chiefComplaint: 'Itchy rash on both forearms for three weeks',
    history: 'Started after the wheat harvest; calamine lotion did not help.',
    vitals: {
      temperature: { value: 101.3, unit: 'F' },
      pulse: 96,
      bloodPressure: { systolic: 130, diastolic: 85, unit: 'mmHg' },
      respiratoryRate: 20,
      spo2: 97,
      weight: { value: 128, unit: 'lb' },
      height: { value: 160, unit: 'cm' },
      bloodGlucose: { value: 7.8, unit: 'mmol/L' },
    },
    medications: [{ name: 'Cetirizine', dose: '10 mg', frequency: 'at night' }],
    allergies: [{ substance: 'Penicillin', reaction: 'hives' }],
    ...overrides,
  });
  async function create(patientId?: string, overrides: Record<string, unknown> = {}): Promise<CaseFile> {
    const response = await call(
      'POST',
      '/v1/case-files',
      caseFileBody(patientId ?? (await newPatient()), overrides),
    );
    expect(response.status).toBe(201);
    return (await response.json()) as CaseFile;
  }
  const patch = (id: string, body: unknown, ifMatch?: string, authorization = clinicianToken()) =>
    call(
      'PATCH',
      `/v1/case-files/${id}`,
      body,
      authorization,
      ifMatch === undefined ? {} : { 'if-match': ifMatch },
    );
  async function problemOf(response: Response, status: number): Promise<Problem> {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await response.json()) as Problem;
  }
  const written = async () => ({
    caseFiles: await caseFiles.count('case_file'),
    versions: await caseFiles.count('case_file_version'),
    outbox: await caseFiles.count('outbox'),
    audit: await caseFiles.count('phi_audit_log'),
  });

  beforeAll(async () => {
    caseFiles = await startCaseFiles();
  });

  afterAll(async () => {
    await caseFiles?.close();
  });

  describe('creating and reading', () => {
    it('creates version 1 with an ETag, giving each vital with its unit and in the contract’s units', async () => {
      const patientId = await newPatient();
      const response = await call('POST', '/v1/case-files', caseFileBody(patientId));
      expect(response.status).toBe(201);
      expect(response.headers.get('etag')).toBe('"1"');
      const caseFile = (await response.json()) as CaseFile;
      expect(caseFile).toMatchObject({
        patientId,
        organizationId: clinic,
        version: 1,
        chiefComplaint: 'Itchy rash on both forearms for three weeks',
        history: 'Started after the wheat harvest; calamine lotion did not help.',
        medications: [{ name: 'Cetirizine', dose: '10 mg', frequency: 'at night' }],
        allergies: [{ substance: 'Penicillin', reaction: 'hives' }],
      });
      expect(caseFile.vitals).toEqual({
        temperature: { value: 101.3, unit: 'F' },
        temperatureC: 38.5,
        pulse: 96,
        pulseBpm: 96,
        bloodPressure: { systolic: 130, diastolic: 85, unit: 'mmHg' },
        systolicMmHg: 130,
        diastolicMmHg: 85,
        respiratoryRate: 20,
        spo2: 97,
        spo2Percent: 97,
        weight: { value: 128, unit: 'lb' },
        weightKg: 58.06,
        height: { value: 160, unit: 'cm' },
        heightCm: 160,
        bloodGlucose: { value: 7.8, unit: 'mmol/L' },
        bloodGlucoseMgDl: 141,
      });

      const read = await call('GET', `/v1/case-files/${caseFile.id}`);
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toBe('"1"');
      expect(await read.json()).toEqual(caseFile);
    });

    it('accepts the flat vitals of API.md, and a GET’s vitals sent back unchanged', async () => {
      const flat = {
        temperatureC: 37.2,
        pulseBpm: 72,
        systolicMmHg: 118,
        diastolicMmHg: 76,
        spo2Percent: 99,
        weightKg: 3.2,
        heightCm: 50,
        bloodGlucoseMgDl: 90,
      };
      const caseFile = await create(undefined, {
        vitals: flat,
        history: undefined,
        medications: undefined,
        allergies: undefined,
      });
      expect(caseFile).toMatchObject({ history: '', medications: [], allergies: [] });
      expect(caseFile.vitals).toMatchObject({
        ...flat,
        temperature: { value: 37.2, unit: 'C' },
        bloodPressure: { systolic: 118, diastolic: 76, unit: 'mmHg' },
        weight: { value: 3.2, unit: 'kg' },
        bloodGlucose: { value: 90, unit: 'mg/dL' },
      });
      const again = await patch(caseFile.id, { vitals: caseFile.vitals }, '"1"');
      expect(again.status).toBe(200);
      expect(((await again.json()) as CaseFile).vitals).toEqual(caseFile.vitals);
    });

    it.each([
      ['a pulse of 900', { pulse: 900 }, 'vitals.pulse'],
      ['an SpO2 of 140', { spo2: 140 }, 'vitals.spo2'],
      ['an SpO2 of 140 spelled flat', { spo2Percent: 140 }, 'vitals.spo2Percent'],
      ['a temperature of 380 °C', { temperature: { value: 380, unit: 'C' } }, 'vitals.temperature.value'],
      ['40 °F', { temperature: { value: 40, unit: 'F' } }, 'vitals.temperature.value'],
      ['an unknown temperature unit', { temperature: { value: 38, unit: 'K' } }, 'vitals.temperature.unit'],
      ['an unknown weight unit', { weight: { value: 60, unit: 'stone' } }, 'vitals.weight.unit'],
      [
        'a diastolic above the systolic',
        { bloodPressure: { systolic: 90, diastolic: 120, unit: 'mmHg' } },
        'vitals.bloodPressure.diastolic',
      ],
      ['a systolic without its diastolic', { systolicMmHg: 120 }, 'vitals.diastolicMmHg'],
      ['a respiratory rate of 2', { respiratoryRate: 2 }, 'vitals.respiratoryRate'],
      ['a weight of 900 kg', { weight: { value: 900, unit: 'kg' } }, 'vitals.weight.value'],
      [
        'a glucose of 80 mmol/L',
        { bloodGlucose: { value: 80, unit: 'mmol/L' } },
        'vitals.bloodGlucose.value',
      ],
      ['two spellings that disagree', { pulse: 80, pulseBpm: 90 }, 'vitals.pulseBpm'],
      ['a pulse as text', { pulse: '88' }, 'vitals.pulse'],
      ['an unknown vital', { mood: 'anxious' }, 'vitals.mood'],
      [
        'an unknown field of a measurement',
        { temperature: { value: 38, unit: 'C', site: 'oral' } },
        'vitals.temperature.site',
      ],
      // an array where the object belongs: its values would otherwise vanish
      ['the vitals as an array', [{ pulse: 80, spo2: 97 }], 'vitals'],
      ['a measurement as an array', { weight: [{ value: 60, unit: 'kg' }] }, 'vitals.weight'],
    ])('refuses %s with 422 naming the field, writing nothing', async (_, vitals, field) => {
      const patientId = await newPatient();
      const before = await written();
      const problem = await problemOf(
        await call('POST', '/v1/case-files', caseFileBody(patientId, { vitals })),
        422,
      );
      expect(problem.errors?.map((e) => e.field)).toContain(field);
      expect(problem.errors?.every((e) => e.field === field)).toBe(true);
      expect(await written()).toEqual(before);
    });

    it.each([
      ['an empty chief complaint', { chiefComplaint: '   ' }, 'chiefComplaint'],
      ['a history over 10,000 characters', { history: 'x'.repeat(10_001) }, 'history'],
      ['a medication without a name', { medications: [{ dose: '5 mg' }] }, 'medications.0.name'],
      [
        'an unknown field of an allergy',
        { allergies: [{ substance: 'Dust', severity: 'mild' }] },
        'allergies.0.severity',
      ],
      ['a medication inside an array', { medications: [[{ name: 'Cetirizine' }]] }, 'medications'],
      ['a history with a lone surrogate', { history: 'fever \ud800' }, 'history'],
      [
        '101 allergies',
        { allergies: Array.from({ length: 101 }, () => ({ substance: 'Dust' })) },
        'allergies',
      ],
      ['a patient id that is not a UUID', { patientId: 'p-1' }, 'patientId'],
    ])('refuses %s with 422', async (_, overrides, field) => {
      const problem = await problemOf(
        await call('POST', '/v1/case-files', caseFileBody(await newPatient(), overrides)),
        422,
      );
      expect(new Set(problem.errors?.map((e) => e.field))).toEqual(new Set([field]));
    });

    it('answers 404 for a patient of another organization or none, writing nothing', async () => {
      const foreign = await newPatient(otherClinic);
      const before = await written();
      const problem = await problemOf(await call('POST', '/v1/case-files', caseFileBody(foreign)), 404);
      expect(problem.detail).toContain(foreign);
      await problemOf(await call('POST', '/v1/case-files', caseFileBody(randomUUID())), 404);
      expect(await written()).toEqual(before);
    });

    it('hides a case file from another organization (404), and answers 400 to an id that is not a UUID', async () => {
      const caseFile = await create();
      const stranger = token(['clinician'], otherClinic);
      await problemOf(await call('GET', `/v1/case-files/${caseFile.id}`, undefined, stranger), 404);
      await problemOf(await patch(caseFile.id, { history: 'x' }, '"1"', stranger), 404);
      await problemOf(await call('GET', `/v1/case-files/${caseFile.id}/audit`, undefined, stranger), 404);
      await problemOf(await call('GET', `/v1/case-files/${randomUUID()}`), 404);
      expect((await call('GET', '/v1/case-files/not-an-id')).status).toBe(400);
      // The referring organization's coordinators and admins read it.
      expect(
        (await call('GET', `/v1/case-files/${caseFile.id}`, undefined, token(['coordinator']))).status,
      ).toBe(200);
      expect((await call('GET', `/v1/case-files/${caseFile.id}`, undefined, token(['admin']))).status).toBe(
        200,
      );
      // An admin of another organization oversees the audit trail, not the clinical content.
      const foreignAdmin = token(['admin'], otherClinic);
      expect((await call('GET', `/v1/case-files/${caseFile.id}`, undefined, foreignAdmin)).status).toBe(404);
      expect((await call('GET', `/v1/case-files/${caseFile.id}/audit`, undefined, foreignAdmin)).status).toBe(
        200,
      );
    });
  });

  describe('changing: versions and If-Match', () => {
    it('writes a new version on each change and keeps the old ones readable', async () => {
      const caseFile = await create();
      const response = await patch(
        caseFile.id,
        { history: 'Rash spread to the neck.', vitals: { pulse: 110 }, allergies: [] },
        '"1"',
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe('"2"');
      const second = (await response.json()) as CaseFile;
      expect(second).toMatchObject({
        version: 2,
        chiefComplaint: caseFile.chiefComplaint,
        history: 'Rash spread to the neck.',
        vitals: { pulse: 110, pulseBpm: 110 },
        medications: caseFile.medications,
        allergies: [],
        createdAt: caseFile.createdAt,
      });
      expect(Object.keys(second.vitals).sort()).toEqual(['pulse', 'pulseBpm']);
      expect(Date.parse(second.updatedAt)).toBeGreaterThanOrEqual(Date.parse(caseFile.updatedAt));

      const third = await patch(caseFile.id, { chiefComplaint: 'Rash and fever' }, '"2"');
      expect(third.status).toBe(200);
      expect(((await third.json()) as CaseFile).version).toBe(3);

      const first = await call('GET', `/v1/case-files/${caseFile.id}?version=1`);
      expect(first.status).toBe(200);
      expect(first.headers.get('etag')).toBe('"1"');
      expect(await first.json()).toEqual(caseFile);
      const old = (await (await call('GET', `/v1/case-files/${caseFile.id}?version=2`)).json()) as CaseFile;
      expect(old).toEqual({ ...second, updatedAt: second.updatedAt });
      const current = await call('GET', `/v1/case-files/${caseFile.id}`);
      expect(current.headers.get('etag')).toBe('"3"');
      expect(((await current.json()) as CaseFile).chiefComplaint).toBe('Rash and fever');

      await problemOf(await call('GET', `/v1/case-files/${caseFile.id}?version=4`), 404);
      await problemOf(await call('GET', `/v1/case-files/${caseFile.id}?version=0`), 422);
      expect(await caseFiles.count(`case_file_version WHERE case_file_id = '${caseFile.id}'`)).toBe(3);
    });

    it('requires If-Match (428), refuses a malformed one (400) and a stale one (409 naming the current version)', async () => {
      const caseFile = await create();
      const before = await written();
      const missing = await problemOf(await patch(caseFile.id, { history: 'x' }), 428);
      expect(missing.type).toBe('urn:problem-type:precondition-required');
      await problemOf(await patch(caseFile.id, { history: 'x' }, '*'), 400);
      await problemOf(await patch(caseFile.id, { history: 'x' }, 'W/"1"'), 400);
      const stale = await problemOf(await patch(caseFile.id, { history: 'x' }, '"7"'), 409);
      expect(stale).toMatchObject({ type: 'urn:problem-type:version-conflict', currentVersion: 1 });
      expect(stale.detail).toContain('version 1');
      await problemOf(await patch(caseFile.id, {}, '"1"'), 422);
      await problemOf(await patch(caseFile.id, { vitals: { spo2: 140 } }, '"1"'), 422);
      expect(await written()).toEqual(before);
    });

    it('lets exactly one of two concurrent changes of one version win; the other gets 409 and nothing merges', async () => {
      const caseFile = await create();
      const [a, b] = await Promise.all([
        patch(caseFile.id, { history: 'Change A', vitals: { pulse: 101 } }, '"1"'),
        patch(caseFile.id, { history: 'Change B', medications: [] }, '"1"'),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
      const won = (await winner.json()) as CaseFile;
      expect((await loser.json()) as Problem).toMatchObject({ currentVersion: 2 });

      const current = (await (await call('GET', `/v1/case-files/${caseFile.id}`)).json()) as CaseFile;
      expect(current).toEqual(won);
      expect(current.version).toBe(2);
      // The winner's change whole, nothing of the loser's.
      if (won.history === 'Change A') {
        expect(current.vitals).toEqual({ pulse: 101, pulseBpm: 101 });
        expect(current.medications).toEqual(caseFile.medications);
      } else {
        expect(won.history).toBe('Change B');
        expect(current.vitals).toEqual(caseFile.vitals);
        expect(current.medications).toEqual([]);
      }
      expect(await caseFiles.count(`case_file_version WHERE case_file_id = '${caseFile.id}'`)).toBe(2);
      // The loser reads again and re-applies on version 2: nothing is lost.
      const retried = await patch(caseFile.id, { history: 'Change A then B' }, '"2"');
      expect(retried.status).toBe(200);
      expect(((await retried.json()) as CaseFile).version).toBe(3);
    });
  });

  describe('the PHI audit trail', () => {
    it('records every create, read and change with actor, organization and request id, newest first', async () => {
      const patientId = await newPatient();
      const requestIds = ['req-create-0001', 'req-read-0002', 'req-update-0003', 'req-readold-0004'];
      const created = await call('POST', '/v1/case-files', caseFileBody(patientId), clinicianToken(), {
        'x-request-id': requestIds[0],
      });
      const caseFile = (await created.json()) as CaseFile;
      await call('GET', `/v1/case-files/${caseFile.id}`, undefined, clinicianToken(), {
        'x-request-id': requestIds[1],
      });
      await call('PATCH', `/v1/case-files/${caseFile.id}`, { history: 'More' }, clinicianToken(), {
        'x-request-id': requestIds[2],
        'if-match': '"1"',
      });
      const coordinator = randomUUID();
      await call(
        'GET',
        `/v1/case-files/${caseFile.id}?version=1`,
        undefined,
        token(['coordinator'], clinic, coordinator),
        {
          'x-request-id': requestIds[3],
        },
      );
      // Refused attempts are not accesses.
      await patch(caseFile.id, { history: 'late' }, '"1"');
      await call('GET', `/v1/case-files/${caseFile.id}`, undefined, token(['clinician'], otherClinic));

      const response = await call('GET', `/v1/case-files/${caseFile.id}/audit`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as AuditPage;
      expect(page.nextCursor).toBeNull();
      expect(page.items.map((e) => [e.action, e.version, e.requestId, e.actorPractitionerId])).toEqual([
        ['read', 1, requestIds[3], coordinator],
        ['update', 2, requestIds[2], clinician.practitioner],
        ['read', 1, requestIds[1], clinician.practitioner],
        ['create', 1, requestIds[0], clinician.practitioner],
      ]);
      for (const entry of page.items) {
        expect(entry.organizationId).toBe(clinic);
        expect(entry.actorClientId).toEqual(expect.any(String));
        expect(new Date(entry.occurredAt).toISOString()).toBe(entry.occurredAt);
      }

      // Reading the trail is recorded apart (object case-file-audit), so the trail does not grow by it.
      const again = (await (await call('GET', `/v1/case-files/${caseFile.id}/audit`)).json()) as AuditPage;
      expect(again.items).toHaveLength(4);
      const trailReads: unknown[] = await caseFiles.dataSource.query(
        `SELECT 1 FROM phi_audit_log WHERE object_type = 'case-file-audit' AND object_id = $1 AND action = 'read'`,
        [caseFile.id],
      );
      expect(trailReads).toHaveLength(2);
    });

    it('pages through the trail with a cursor', async () => {
      const caseFile = await create();
      for (let i = 0; i < 4; i++) await call('GET', `/v1/case-files/${caseFile.id}`);
      const first = (await (
        await call('GET', `/v1/case-files/${caseFile.id}/audit?limit=3`)
      ).json()) as AuditPage;
      expect(first.items).toHaveLength(3);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = (await (
        await call('GET', `/v1/case-files/${caseFile.id}/audit?limit=3&cursor=${first.nextCursor}`)
      ).json()) as AuditPage;
      expect(second.items.map((e) => e.action)).toEqual(['read', 'create']);
      expect(second.nextCursor).toBeNull();
      await problemOf(await call('GET', `/v1/case-files/${caseFile.id}/audit?cursor=bm9wZQ`), 422);
      // An entry id past the largest bigint is not a cursor of ours either (it was a 500).
      const tooLarge = Buffer.from('9223372036854775808').toString('base64url');
      await problemOf(await call('GET', `/v1/case-files/${caseFile.id}/audit?cursor=${tooLarge}`), 422);
      const capped = await call('GET', `/v1/case-files/${caseFile.id}/audit?limit=1000`);
      expect(capped.status).toBe(200);
    });
  });

  describeAuthorizationMatrix(
    'case files',
    {
      url: () => caseFiles.service.url,
      issuer: () => caseFiles.issuer,
      setup: async (organizationId, ownerToken) => {
        const patientId = await newPatient(organizationId);
        const response = await call(
          'POST',
          '/v1/case-files',
          caseFileBody(patientId),
          ownerToken(['clinician']),
        );
        return { patient: patientId, caseFile: ((await response.json()) as CaseFile).id };
      },
    },
    [
      {
        method: 'POST',
        path: () => '/v1/case-files',
        body: (f) => caseFileBody(f.ids.patient),
        allowed: ['clinician'],
        object: true,
      },
      {
        // A specialist of another organization without a grant: 404 (access-grants.int-spec.ts has the
        // same specialist before, while and after holding a referral).
        method: 'GET',
        path: (f) => `/v1/case-files/${f.ids.caseFile}`,
        allowed: ['clinician', 'coordinator', 'admin', 'specialist'],
        object: true,
      },
      {
        // Internal (the referrals service asks it; the gateway does not route it), readers as GET :id: a
        // specialist of the owning organization reads it like its other members (CaseFileAccess lets the
        // referring organization in whatever the allowed role); of another organization without a grant,
        // 404 (case-file-summary.int-spec.ts has one with a grant).
        method: 'GET',
        path: (f) => `/v1/case-files/${f.ids.caseFile}/summary`,
        allowed: ['clinician', 'coordinator', 'admin', 'specialist'],
        object: true,
      },
      {
        // Without If-Match the owner's clinician gets 428: past authorization.
        method: 'PATCH',
        path: (f) => `/v1/case-files/${f.ids.caseFile}`,
        body: () => ({ history: 'Matrix' }),
        allowed: ['clinician'],
        object: true,
      },
      {
        method: 'GET',
        path: (f) => `/v1/case-files/${f.ids.caseFile}/audit`,
        allowed: ['clinician', 'admin'],
        object: true,
        anyOrganization: ['admin'],
      },
    ],
  );
});
