import { randomUUID } from 'node:crypto';
import type { TestIssuer, TestService } from '@referral/testing-service';
import { startReferrals, type TestReferrals } from './support/referrals';

interface Problem {
  type: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

/**
 * Bodies built to hurt the parser, the validator or PostgreSQL: each is refused with a problem that
 * says why, and nothing is written — no referral, no history, no outbox event. (The platform's body
 * parser does this for every service.)
 */
describe('referrals: hostile JSON bodies (real PostgreSQL and Kafka)', () => {
  let referrals: TestReferrals;
  let service: TestService;
  let issuer: TestIssuer;
  const clinic = randomUUID();

  const valid = () => ({
    caseFileId: randomUUID(),
    specialtyCode: 'cardiology',
    priority: 'urgent',
    question: 'Exertional chest pain with ST depression in V4–V6: which workup before transfer?',
    allowConversion: true,
  });

  /** The raw text is sent as it is: some of these bodies cannot be produced by JSON.stringify. */
  const post = (text: string) =>
    fetch(`${service.url}/v1/referrals`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${issuer.token({ org: clinic, roles: ['clinician'] })}`,
      },
      body: text,
    });

  async function problemOf(text: string, status: number, type: string): Promise<Problem> {
    const response = await post(text);
    const problem = (await response.json()) as Problem;
    expect({ status: response.status, type: problem.type }).toEqual({
      status,
      type: `urn:problem-type:${type}`,
    });
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(problem.status).toBe(status);
    expect(await written()).toEqual({ referral: 0, history: 0, outbox: 0 });
    return problem;
  }

  const count = (table: string) => referrals.count(table);
  const written = async () => ({
    referral: await count('referral'),
    history: await count('referral_history'),
    outbox: await count('outbox'),
  });

  beforeAll(async () => {
    referrals = await startReferrals();
    ({ service, issuer } = referrals);
  });

  afterAll(async () => {
    await referrals?.close();
  });

  it('refuses an array of 10,000 elements with 422 array-too-long naming it', async () => {
    const text = JSON.stringify({ ...valid(), tags: Array.from({ length: 10_000 }, (_, i) => i) });
    const problem = await problemOf(text, 422, 'array-too-long');
    expect(problem.errors).toEqual([
      { field: 'tags', message: 'must have at most 1000 elements, has 10000' },
    ]);
  });

  it('refuses 100,000 nested arrays, and 33 levels of objects, with 400 json-too-deep', async () => {
    const { question: _, ...rest } = valid();
    const arrays = '['.repeat(100_000) + ']'.repeat(100_000);
    await problemOf(JSON.stringify(rest).replace(/}$/, `,"question":${arrays}}`), 400, 'json-too-deep');
    const objects = '{"a":'.repeat(32) + '1' + '}'.repeat(32);
    const problem = await problemOf(
      JSON.stringify(rest).replace(/}$/, `,"question":${objects}}`),
      400,
      'json-too-deep',
    );
    expect(problem.detail).toContain('32');
    expect(problem.errors).toBeUndefined();
  });

  it('refuses U+0000 in a string or a key with 422 nul-character and its path', async () => {
    const inValue = await problemOf(
      JSON.stringify({ ...valid(), question: 'chest pain\u0000; DROP TABLE referral' }),
      422,
      'nul-character',
    );
    expect(inValue.errors).toEqual([
      { field: 'question', message: 'must not contain the NUL character (U+0000)' },
    ]);
    const inKey = await problemOf(
      JSON.stringify({ ...valid(), meta: [{ ['x\u0000']: 1 }] }),
      422,
      'nul-character',
    );
    expect(inKey.errors).toEqual([
      { field: String.raw`meta.0.x\u0000`, message: 'key must not contain the NUL character (U+0000)' },
    ]);
  });

  it('refuses a number where a string belongs and unknown fields with 422 validation-failed', async () => {
    const problem = await problemOf(
      JSON.stringify({ ...valid(), question: 42, specialtyCode: 7, isAdmin: true }),
      422,
      'validation-failed',
    );
    const fields = [...new Set(problem.errors?.map((e) => e.field))].sort();
    expect(fields).toEqual(['isAdmin', 'question', 'specialtyCode']);
    expect(problem.errors).toContainEqual({ field: 'question', message: 'question must be a string' });
  });

  it('refuses prototype poisoning and malformed JSON with 400 malformed-json, an empty body with 400', async () => {
    const { caseFileId } = valid();
    const poisoned = await problemOf(
      `{"__proto__":{"isAdmin":true},${JSON.stringify(valid()).slice(1)}`,
      400,
      'malformed-json',
    );
    expect(poisoned.detail).toContain('__proto__');
    await problemOf(`{"caseFileId": "${caseFileId}", `, 400, 'malformed-json');
    const empty = await problemOf('', 400, 'bad-request');
    expect(empty.detail).toMatch(/empty/);
  });
});
