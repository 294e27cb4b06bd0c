// A small synthetic demo dataset, loaded through the gateway like any client would. Synthetic ids
// only: no real patient, clinic or practitioner. Loads once per database (skips when present).
const gateway = process.argv[2] ?? 'http://127.0.0.1:3000';
const demoClinic = '7d9f3a10-0c5e-4c2b-9e61-3f0a5b8d2c01'; // "Basic Health Unit, Chak 45 (demo)"
const headers = { 'content-type': 'application/json', 'x-organization-id': demoClinic };

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

async function call(path, init) {
  const response = await fetch(`${gateway}${path}`, {
    ...init,
    headers,
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok)
    throw new Error(`${init?.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const existing = await call('/v1/notifications?limit=1');
if (existing.items.length) {
  console.log('stack: demo data already loaded');
} else {
  for (const [i, referral] of referrals.entries()) {
    const caseFileId = `5c1e8f2a-3b4d-4e6f-8a9b-0c1d2e3f4a5${i}`;
    await call('/v1/referrals', {
      method: 'POST',
      body: JSON.stringify({ ...referral, caseFileId, allowConversion: false }),
    });
  }
  console.log(`stack: loaded ${referrals.length} demo referrals for the demo clinic ${demoClinic}`);
}
