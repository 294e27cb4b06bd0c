// A small synthetic demo dataset, loaded through the gateway like any client would: the bootstrap
// admin registers a demo clinic's API client, which registers a synthetic patient, opens a case file
// and submits a referral on it, a few times. Synthetic ids, names and text only (no CNIC): no real
// patient, clinic or practitioner. Loaded once (skipped when the client exists).
const gateway = process.argv[2] ?? 'http://127.0.0.1:3000';
const admin = {
  id: process.env.BOOTSTRAP_ADMIN_CLIENT_ID ?? 'dev-admin',
  secret: process.env.BOOTSTRAP_ADMIN_CLIENT_SECRET ?? 'dev-admin-secret-change-me',
};
const demoClinic = '7d9f3a10-0c5e-4c2b-9e61-3f0a5b8d2c01'; // "Basic Health Unit, Chak 45 (demo)"
const demoClinician = '2b6e0c4d-8f1a-4d3e-9b7c-5a0f1e2d3c40';
const clientName = 'Demo clinic clinician (synthetic)';

const referrals = [
  {
    specialtyCode: 'dermatology',
    priority: 'routine',
    question: 'Annular itchy rash on forearm for 3 weeks: tinea or eczema?',
  },
  {
    specialtyCode: 'cardiology',
    priority: 'urgent',
    question: 'ECG shows ST depression in V4-V6 in a 58-year-old with exertional chest pain.',
  },
  {
    specialtyCode: 'paediatrics',
    priority: 'routine',
    question: 'Child of 4 years below the 3rd centile for weight; what workup first?',
  },
];

async function call(path, { token, idempotencyKey, ...init } = {}) {
  const response = await fetch(`${gateway}${path}`, {
    ...init,
    headers: {
      'content-type': 'application/json',
      ...(token && { authorization: `Bearer ${token}` }),
      ...(idempotencyKey && { 'idempotency-key': idempotencyKey }),
    },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok)
    throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

const token = async (clientId, secret) =>
  (
    await call('/v1/auth/token', {
      method: 'POST',
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
    })
  ).access_token;

const adminToken = await token(admin.id, admin.secret);
const clients = await call('/v1/api-clients?limit=100', { token: adminToken });
if (clients.items.some((c) => c.name === clientName && !c.revokedAt)) {
  console.log('stack: demo data already loaded');
} else {
  const client = await call('/v1/api-clients', {
    method: 'POST',
    token: adminToken,
    body: JSON.stringify({
      name: clientName,
      organizationId: demoClinic,
      practitionerId: demoClinician,
      roles: ['clinician'],
    }),
  });
  const clinicToken = await token(client.clientId, client.clientSecret);
  for (const [i, referral] of referrals.entries()) {
    const patient = await call('/v1/patients', {
      method: 'POST',
      token: clinicToken,
      idempotencyKey: `demo-patient-${i}`,
      body: JSON.stringify({
        name: `Demo Patient ${i + 1} (synthetic)`,
        sex: i % 2 ? 'male' : 'female',
        ageYears: 30 + 14 * i,
      }),
    });
    const caseFile = await call('/v1/case-files', {
      method: 'POST',
      token: clinicToken,
      idempotencyKey: `demo-case-file-${i}`,
      body: JSON.stringify({ patientId: patient.id, chiefComplaint: referral.question }),
    });
    const caseFileId = caseFile.id;
    await call('/v1/referrals', {
      method: 'POST',
      token: clinicToken,
      idempotencyKey: `demo-referral-${i}`,
      body: JSON.stringify({ ...referral, caseFileId, allowConversion: false }),
    });
  }
  console.log(`stack: loaded ${referrals.length} demo referrals for the demo clinic ${demoClinic}`);
  console.log(
    `stack: demo clinic API client: client_id=${client.clientId} (its secret is not kept: register your own client as the README shows)`,
  );
}
