import { randomUUID } from 'node:crypto';
import { karachiDate } from '@referral/contracts';
import { Clock } from '@referral/platform-database';
import { describeAuthorizationMatrix } from '@referral/testing-service';
import { PatientAgeStatedOn1764200400000 } from '../src/migrations/1764200400000-patient-age-stated-on';
import { startCaseFiles, type TestCaseFiles } from './support/case-files';

interface Problem {
  type: string;
  status: number;
  detail?: string;
  existingPatientId?: string;
  errors?: { field: string; message: string }[];
}

interface Patient {
  id: string;
  organizationId: string;
  cnicMasked: string | null;
  [field: string]: unknown;
}

// Every CNIC here is synthetic: none belongs to a real person.
let sequence = 0;
/** A fresh synthetic CNIC per call: `#####-#######-#`. */
const newCnic = () => {
  const digits = `3${String(Date.now() % 1e8).padStart(8, '0')}${String(++sequence % 1e4).padStart(4, '0')}`;
  return `${digits.slice(0, 5)}-${digits.slice(5, 12)}-${digits.slice(12)}`;
};
const digitsOf = (cnic: string) => cnic.replace(/-/g, '');

/** Patients through the case-files service's HTTP API, on real PostgreSQL (and Kafka for the platform). */
describe('case-files: patients (real PostgreSQL and Kafka)', () => {
  let caseFiles: TestCaseFiles;
  const clinic = randomUUID();
  const otherClinic = randomUUID();

  const token = (roles: string[], org = clinic) =>
    caseFiles.issuer.token({ org, roles, practitioner: randomUUID() });
  const call = (method: string, path: string, body?: unknown, authorization = token(['clinician'])) =>
    fetch(`${caseFiles.service.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${authorization}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const patientBody = (overrides: Record<string, unknown> = {}) => ({
    name: 'Bibi Zainab',
    sex: 'female',
    ageYears: 36,
    ...overrides,
  });
  async function register(overrides: Record<string, unknown> = {}, org = clinic): Promise<Patient> {
    const response = await call('POST', '/v1/patients', patientBody(overrides), token(['clinician'], org));
    expect(response.status).toBe(201);
    return (await response.json()) as Patient;
  }
  async function problemOf(response: Response, status: number): Promise<Problem> {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await response.json()) as Problem;
  }
  const auditOf = (objectId: string): Promise<{ action: string; organization_id: string }[]> =>
    caseFiles.dataSource.query(
      `SELECT action, organization_id, actor_client_id FROM phi_audit_log
        WHERE object_type = 'patient' AND object_id = $1 ORDER BY id`,
      [objectId],
    );
  const written = async () => ({
    patients: await caseFiles.count('patient'),
    audit: await caseFiles.count('phi_audit_log'),
    outbox: await caseFiles.count('outbox'),
  });

  beforeAll(async () => {
    caseFiles = await startCaseFiles();
  });

  afterAll(async () => {
    await caseFiles?.close();
  });

  describe('registering', () => {
    it('registers a patient of the caller’s organization, the CNIC masked and the phone in E.164', async () => {
      const cnic = newCnic();
      const response = await call(
        'POST',
        '/v1/patients',
        patientBody({
          cnic,
          phone: '0300-1234567',
          district: ' Muzaffargarh ',
          ageYears: undefined,
          birthDate: '1988-04-17',
        }),
      );
      expect(response.status).toBe(201);
      const patient = (await response.json()) as Patient;
      expect(patient).toEqual({
        id: expect.any(String),
        organizationId: clinic,
        name: 'Bibi Zainab',
        sex: 'female',
        birthDate: '1988-04-17',
        ageYears: expect.any(Number),
        ageStatedOn: null,
        phone: '+923001234567',
        district: 'Muzaffargarh',
        cnicMasked: `*****-*******-${cnic.slice(-1)}`,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      // Computed from the birth date (37 in 2025, more later).
      expect(patient.ageYears).toBeGreaterThanOrEqual(37);
      expect(JSON.stringify(patient)).not.toContain(digitsOf(cnic));
      expect(await auditOf(patient.id)).toEqual([
        expect.objectContaining({ action: 'create', organization_id: clinic }),
      ]);
      expect(await caseFiles.count('outbox')).toBe(0);
    });

    it('registers one with an age only and no CNIC: cnicMasked null, the age as given', async () => {
      const patient = await register({ sex: 'male', ageYears: 4 });
      expect(patient).toMatchObject({
        birthDate: null,
        ageYears: 4,
        ageStatedOn: karachiDate(new Date()),
        cnicMasked: null,
        phone: null,
        district: null,
      });
    });

    it('accepts the CNIC as 13 digits as well', async () => {
      const cnic = newCnic();
      const patient = await register({ cnic: digitsOf(cnic) });
      expect(patient.cnicMasked).toBe(`*****-*******-${cnic.slice(-1)}`);
    });

    it.each([
      ['a wrong pattern', '352021-234567-3'],
      ['dashes in the wrong places', '3520-21234567-3'],
      ['one dash only', '35202-12345673'],
      ['first digit 0', '05202-1234567-3'],
      ['first digit 8', '85202-1234567-3'],
      ['first digit 9', '95202-1234567-3'],
      ['12 digits', '352021234567'],
      ['14 digits', '35202123456731'],
      ['letters', '35202-12345AB-3'],
      ['a number, not a string', 3520212345673],
      ['null', null],
    ])('refuses a CNIC with %s: 422 naming cnic, nothing written', async (_, cnic) => {
      const before = await written();
      const problem = await problemOf(await call('POST', '/v1/patients', patientBody({ cnic })), 422);
      expect(problem.errors?.map((e) => e.field)).toContain('cnic');
      expect(JSON.stringify(problem)).not.toContain(String(cnic));
      expect(await written()).toEqual(before);
    });

    it.each([
      ['neither a birth date nor an age', { ageYears: undefined }],
      ['both a birth date and an age', { birthDate: '1990-01-01' }],
      ['a birth date in the future', { ageYears: undefined, birthDate: '2999-01-01' }],
      ['an unknown sex', { sex: 'f' }],
      ['a landline phone', { phone: '051-1234567' }],
      ['an unknown field', { religion: 'x' }],
    ])('refuses %s with 422, nothing written', async (_, change) => {
      const before = await written();
      await problemOf(await call('POST', '/v1/patients', patientBody(change)), 422);
      expect(await written()).toEqual(before);
    });
  });

  describe('one patient per CNIC in an organization', () => {
    it('answers a second registration with 409 carrying existingPatientId and not the CNIC', async () => {
      const cnic = newCnic();
      const first = await register({ cnic });
      const before = await written();
      const problem = await problemOf(
        await call('POST', '/v1/patients', patientBody({ cnic: digitsOf(cnic), name: 'Zainab Bibi' })),
        409,
      );
      expect(problem).toMatchObject({ type: 'urn:problem-type:patient-exists', existingPatientId: first.id });
      expect(JSON.stringify(problem)).not.toContain(digitsOf(cnic));
      expect(await written()).toEqual(before);
    });

    it('lets the unique index decide between concurrent registrations: one 201, the rest 409 naming it', async () => {
      const cnic = newCnic();
      const responses = await Promise.all(
        Array.from({ length: 6 }, () => call('POST', '/v1/patients', patientBody({ cnic }))),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
      const bodies = (await Promise.all(responses.map((r) => r.json()))) as (Patient & Problem)[];
      const created = bodies.find((b) => b.cnicMasked)!;
      for (const conflict of bodies.filter((b) => b.status === 409)) {
        expect(conflict.existingPatientId).toBe(created.id);
      }
    });

    it('makes the same CNIC in another organization a different patient', async () => {
      const cnic = newCnic();
      const here = await register({ cnic });
      const there = await register({ cnic }, otherClinic);
      expect(there.id).not.toBe(here.id);
      expect(there.organizationId).toBe(otherClinic);
    });
  });

  describe('reading', () => {
    it('gives the registering organization’s members the patient, each read audited', async () => {
      const cnic = newCnic();
      const patient = await register({ cnic });
      for (const role of ['clinician', 'coordinator', 'admin']) {
        const response = await call('GET', `/v1/patients/${patient.id}`, undefined, token([role]));
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual(patient);
      }
      expect((await auditOf(patient.id)).map((e) => e.action)).toEqual(['create', 'read', 'read', 'read']);
    });

    it('answers 404 to another organization, and to an unknown id, recording nothing', async () => {
      const patient = await register();
      for (const role of ['clinician', 'coordinator', 'admin']) {
        await problemOf(
          await call('GET', `/v1/patients/${patient.id}`, undefined, token([role], otherClinic)),
          404,
        );
      }
      await problemOf(await call('GET', `/v1/patients/${randomUUID()}`), 404);
      expect((await auditOf(patient.id)).map((e) => e.action)).toEqual(['create']);
    });

    it('answers 400 to an id that is not a UUID', async () => {
      await problemOf(await call('GET', '/v1/patients/not-a-uuid'), 400);
    });
  });

  describe('ages as time passes', () => {
    const YEAR_MS = 365.25 * 24 * 3_600_000;
    afterEach(() => jest.restoreAllMocks());
    /** The service's clock (patients and case-file summaries alike) moved `years` (and a day) ahead. */
    const moveClock = (years: number) => {
      const later = new Date(Date.now() + years * YEAR_MS + 24 * 3_600_000);
      jest.spyOn(caseFiles.service.app.get(Clock), 'now').mockReturnValue(later);
      return later;
    };
    const read = async (id: string) => (await (await call('GET', `/v1/patients/${id}`)).json()) as Patient;

    it('a stated age grows with the years since it was stated; the birth date’s age too', async () => {
      const today = karachiDate(new Date());
      const stated = await register({ ageYears: 34 });
      const born = await register({ ageYears: undefined, birthDate: '1990-01-01' });
      expect(stated).toMatchObject({ ageYears: 34, ageStatedOn: today });
      const bornAge = born.ageYears as number;

      moveClock(3);
      expect(await read(stated.id)).toMatchObject({ ageYears: 37, ageStatedOn: today, birthDate: null });
      expect(await read(born.id)).toMatchObject({ ageYears: bornAge + 3, ageStatedOn: null });
      jest.restoreAllMocks();
      expect((await read(stated.id)).ageYears).toBe(34);
    });

    it('the case file’s summary bands the age as of today (44 stated, 45 a year later)', async () => {
      const patient = await register({ ageYears: 44 });
      const created = await call('POST', '/v1/case-files', {
        patientId: patient.id,
        chiefComplaint: 'Breathless on exertion for a month',
      });
      expect(created.status).toBe(201);
      const caseFileId = ((await created.json()) as { id: string }).id;
      const band = async () =>
        (
          (await (await call('GET', `/v1/case-files/${caseFileId}/summary`)).json()) as {
            patientAgeBand: string;
          }
        ).patientAgeBand;

      expect(await band()).toBe('25-44');
      moveClock(1);
      expect(await band()).toBe('45-64');
    });

    it('the migration dates the age of rows from before it to their registration day', async () => {
      const migration = new PatientAgeStatedOn1764200400000();
      const runner = caseFiles.dataSource.createQueryRunner();
      const id = randomUUID();
      try {
        await migration.down(runner);
        // A row as the service wrote them before: the age only, registered five years ago.
        await runner.query(
          `INSERT INTO patient (id, organization_id, name, sex, age_years, created_at)
           VALUES ($1, $2, 'Mai Bhagi', 'female', 30, now() - interval '5 years 2 days')`,
          [id, clinic],
        );
      } finally {
        await migration.up(runner);
        await runner.release();
      }
      expect(await read(id)).toMatchObject({ ageYears: 35, birthDate: null });
    });
  });

  describe('lookup by CNIC', () => {
    it('finds the organization’s patient by either form, the search audited', async () => {
      const cnic = newCnic();
      const patient = await register({ cnic });
      for (const form of [cnic, digitsOf(cnic)]) {
        const response = await call('GET', `/v1/patients?cnic=${encodeURIComponent(form)}`);
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ items: [patient], nextCursor: null });
      }
      expect((await auditOf(patient.id)).map((e) => e.action)).toEqual(['create', 'search', 'search']);
    });

    it('finds nothing in another organization, and nothing for an unknown CNIC: an empty list', async () => {
      const cnic = newCnic();
      await register({ cnic }, otherClinic);
      const auditBefore = await caseFiles.count('phi_audit_log');
      for (const form of [cnic, newCnic()]) {
        const response = await call('GET', `/v1/patients?cnic=${form}&limit=500`);
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ items: [], nextCursor: null });
      }
      expect(await caseFiles.count('phi_audit_log')).toBe(auditBefore);
    });

    it.each([
      ['a wrong pattern', '352021-234567-3'],
      ['first digit 0', '0520212345673'],
      ['first digit 8', '8520212345673'],
      ['first digit 9', '9520212345673'],
      ['12 digits', '352021234567'],
      ['14 digits', '35202123456731'],
      ['letters', '35202-12345AB-3'],
      ['nothing', ''],
    ])('refuses a CNIC with %s: 422', async (_, cnic) => {
      const problem = await problemOf(await call('GET', `/v1/patients?cnic=${cnic}`), 422);
      expect(problem.errors?.map((e) => e.field)).toEqual(['cnic']);
    });

    it('refuses a lookup without a CNIC: 422', async () => {
      await problemOf(await call('GET', '/v1/patients'), 422);
    });
  });

  describeAuthorizationMatrix(
    'patients',
    {
      url: () => caseFiles.service.url,
      issuer: () => caseFiles.issuer,
      setup: async (organizationId, ownerToken) => {
        const response = await call('POST', '/v1/patients', patientBody(), ownerToken(['clinician']));
        expect(response.status).toBe(201);
        expect(organizationId).toBe(((await response.clone().json()) as Patient).organizationId);
        return { patient: ((await response.json()) as Patient).id };
      },
    },
    [
      {
        method: 'POST',
        path: () => '/v1/patients',
        body: () => patientBody({ cnic: newCnic() }),
        allowed: ['clinician'],
      },
      { method: 'GET', path: () => `/v1/patients?cnic=${newCnic()}`, allowed: ['clinician'] },
      {
        // A specialist passes the role check but reads a patient only through a grant, even of the
        // registering organization: 404 without one (access-grants.int-spec.ts has the same
        // specialist before, while and after holding).
        method: 'GET',
        path: ({ ids }) => `/v1/patients/${ids.patient}`,
        allowed: ['admin', 'coordinator', 'clinician'],
        hidden: ['specialist'],
        object: true,
      },
    ],
  );
});
