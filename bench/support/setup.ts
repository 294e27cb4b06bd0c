/**
 * What the stack benchmarks set up through the public API, as clinics and administrators do it:
 * organizations, practitioners and roles in the directory, API clients, a patient and case files.
 * Synthetic data only: no real patient, CNIC, clinic or practitioner.
 */
import { randomUUID } from 'node:crypto';
import type { Http } from './http';

export const BOOTSTRAP_ADMIN = {
  clientId: process.env.BOOTSTRAP_ADMIN_CLIENT_ID ?? 'dev-admin',
  clientSecret: process.env.BOOTSTRAP_ADMIN_CLIENT_SECRET ?? 'dev-admin-secret-change-me',
};

/** A synthetic CNIC that no one holds (first digit 1–7, as e2e/patients.e2e-spec.ts makes them). */
export const syntheticCnic = () => `3${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`;
/** A unique synthetic PMDC registration number. */
const syntheticPmdc = () => `BENCH-${Math.floor(Math.random() * 1e9)}-P`;
/** A synthetic Pakistani mobile number (+92 300 xxxxxxx: a range an operator holds, as validation asks). */
const syntheticPhone = () => `+92300${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

export async function obtainToken(http: Http, clientId: string, clientSecret: string): Promise<string> {
  const body = await http.expect<{ access_token: string }>(200, 'POST', '/v1/auth/token', {
    body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
  });
  return body.access_token;
}

export const adminToken = (http: Http) =>
  obtainToken(http, BOOTSTRAP_ADMIN.clientId, BOOTSTRAP_ADMIN.clientSecret);

export async function createOrganization(
  http: Http,
  admin: string,
  kind: 'clinic' | 'hospital',
  name: string,
): Promise<string> {
  const body = await http.expect<{ id: string }>(201, 'POST', '/v1/organizations', {
    token: admin,
    body: { name, kind, district: kind === 'clinic' ? 'Chakwal' : 'Lahore', province: 'punjab' },
  });
  return body.id;
}

export async function createPractitioner(
  http: Http,
  admin: string,
  organizationId: string,
  name: string,
): Promise<string> {
  const body = await http.expect<{ id: string }>(201, 'POST', '/v1/practitioners', {
    token: admin,
    body: {
      name,
      pmdcNumber: syntheticPmdc(),
      licenceType: 'full',
      licenceExpiresOn: '2035-12-31',
      phone: syntheticPhone(),
      languages: ['ur', 'en'],
      organizationId,
    },
  });
  return body.id;
}

export async function addRole(
  http: Http,
  admin: string,
  practitionerId: string,
  organizationId: string,
  specialtyCode: string,
  maxOpenCases: number,
): Promise<string> {
  const body = await http.expect<{ id: string }>(201, 'POST', `/v1/practitioners/${practitionerId}/roles`, {
    token: admin,
    body: { specialtyCode, organizationId, maxOpenCases },
  });
  return body.id;
}

export interface BenchClient {
  clientId: string;
  token: string;
  organizationId: string;
  practitionerId: string;
}

/** An API client registered by the admin, with its token. */
export async function registerClient(
  http: Http,
  admin: string,
  roles: string[],
  organizationId: string,
  practitionerId: string,
  name: string,
): Promise<BenchClient> {
  const created = await http.expect<{ clientId: string; clientSecret: string }>(
    201,
    'POST',
    '/v1/api-clients',
    {
      token: admin,
      body: { name, organizationId, practitionerId, roles },
    },
  );
  return {
    clientId: created.clientId,
    token: await obtainToken(http, created.clientId, created.clientSecret),
    organizationId,
    practitionerId,
  };
}

export interface Clinic {
  organizationId: string;
  clinician: BenchClient;
  patientId: string;
  caseFileIds: string[];
}

/**
 * A clinic (organization in the directory), its clinician (a practitioner with an API client of role
 * `clinician`), one patient with a synthetic CNIC and `caseFiles` case files of that patient.
 */
export async function setUpClinic(http: Http, admin: string, caseFiles: number): Promise<Clinic> {
  const organizationId = await createOrganization(http, admin, 'clinic', 'Bench BHU Chak 45 (synthetic)');
  const practitionerId = await createPractitioner(
    http,
    admin,
    organizationId,
    'Dr. Bench Clinician (synthetic)',
  );
  const clinician = await registerClient(
    http,
    admin,
    ['clinician'],
    organizationId,
    practitionerId,
    'bench clinician (synthetic)',
  );
  const patient = await http.expect<{ id: string }>(201, 'POST', '/v1/patients', {
    token: clinician.token,
    headers: { 'idempotency-key': randomUUID() },
    body: {
      name: 'Bench Patient (synthetic)',
      sex: 'female',
      ageYears: 34,
      cnic: syntheticCnic(),
      district: 'Chakwal',
    },
  });
  const caseFileIds: string[] = [];
  for (let i = 0; i < caseFiles; i++) {
    const caseFile = await http.expect<{ id: string }>(201, 'POST', '/v1/case-files', {
      token: clinician.token,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        patientId: patient.id,
        chiefComplaint: `Itchy annular rash on the forearm for three weeks (case ${i + 1})`,
        history: 'Started after the wheat harvest; no fever. Tried calamine lotion without relief.',
        medications: [{ name: 'Cetirizine', dose: '10 mg', frequency: 'once daily' }],
        allergies: [{ substance: 'Penicillin', reaction: 'rash' }],
      },
    });
    caseFileIds.push(caseFile.id);
  }
  return { organizationId, clinician, patientId: patient.id, caseFileIds };
}

/** The body of a routine referral (dermatology unless told) to the pool on one of the clinic's case files. */
export const referralBody = (caseFileId: string, specialtyCode = 'dermatology') => ({
  caseFileId,
  specialtyCode,
  priority: 'routine',
  question:
    'Annular scaly plaque on the forearm for three weeks, itchy, spreading at the edge: tinea corporis or nummular eczema? Photos attached to the case file.',
  allowConversion: false,
});

export const idempotencyKey = () => ({ 'idempotency-key': randomUUID() });

/** Runs `work` over `items` with at most `concurrency` at a time. */
export async function inParallel<T, R>(
  items: T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}

/**
 * `count` specialists of a hospital in the directory, each with an active `specialtyCode` role there
 * (`maxOpenCases`) and an API client of role `specialist` acting for them.
 */
export async function setUpSpecialists(
  http: Http,
  admin: string,
  hospitalId: string,
  count: number,
  specialtyCode: string,
  maxOpenCases: number,
): Promise<BenchClient[]> {
  return inParallel(
    Array.from({ length: count }, (_, i) => i),
    5,
    async (i) => {
      const name = `Dr. Bench ${specialtyCode} specialist ${i + 1} (synthetic)`;
      const practitionerId = await createPractitioner(http, admin, hospitalId, name);
      await addRole(http, admin, practitionerId, hospitalId, specialtyCode, maxOpenCases);
      return registerClient(
        http,
        admin,
        ['specialist'],
        hospitalId,
        practitionerId,
        `bench ${specialtyCode} specialist ${i + 1}`,
      );
    },
  );
}
