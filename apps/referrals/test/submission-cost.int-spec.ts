import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { referralBody, startReferrals, type TestReferrals } from './support/referrals';

interface Recorded {
  text: string;
  named: boolean;
}

/**
 * Issue 14: what one `POST /v1/referrals` costs the referrals service, counted: the statements it
 * sends PostgreSQL on the request's path (those issued from the submission's code, not the outbox
 * relay's or the consumers' in the same process), its commits, and its calls to case-files. The
 * figures are printed for bench/README.md ("Issue 14 levers").
 */
describe('referrals: the cost of one submission (real PostgreSQL and Kafka)', () => {
  let referrals: TestReferrals;
  const clinic = randomUUID();
  const original = Client.prototype.query;
  let recording: Recorded[] | null = null;

  beforeAll(async () => {
    referrals = await startReferrals();
    // Every statement any pool connection sends; kept when the submission's code sent it.
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      const config = args[0];
      const text = typeof config === 'string' ? config : (config as { text?: string })?.text;
      if (recording && text && /SubmitReferralCommand|ReferralsController/.test(new Error().stack ?? '')) {
        recording.push({ text, named: typeof config === 'object' && !!(config as { name?: string }).name });
      }
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
  });

  afterAll(async () => {
    Client.prototype.query = original;
    await referrals?.close();
  });

  async function submitCounted(caseFileId: string, idempotencyKey?: string) {
    const asked = referrals.caseFiles.requests;
    recording = [];
    const response = await fetch(`${referrals.service.url}/v1/referrals`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${referrals.issuer.token({ org: clinic, roles: ['clinician'] })}`,
        ...(idempotencyKey && { 'idempotency-key': idempotencyKey }),
      },
      body: JSON.stringify(referralBody({ caseFileId })),
    });
    const statements = recording;
    recording = null;
    expect(response.status).toBe(201);
    const tcl = (s: Recorded) => /^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)/i.test(s.text);
    return {
      caseFilesCalls: referrals.caseFiles.requests - asked,
      statements: statements.filter((s) => !tcl(s)).length,
      named: statements.filter((s) => s.named).length,
      commits: statements.filter((s) => /^\s*COMMIT/i.test(s.text)).length,
      texts: statements.map((s) => s.text.replace(/\s+/g, ' ').slice(0, 90)),
    };
  }

  it('counts statements, commits and case-files calls of a submission', async () => {
    // Warm: the first submission of the process prepares what it prepares.
    await submitCounted(referrals.caseFiles.add(clinic));

    const caseFileId = referrals.caseFiles.add(clinic);
    const first = await submitCounted(caseFileId);
    const again = await submitCounted(caseFileId);
    console.log(JSON.stringify({ first, again }, null, 2));

    // A case file the projection lacks: one summary, then the referral, its history, the projection,
    // its audit entry and its event in one transaction.
    expect(first).toMatchObject({ caseFilesCalls: 1, commits: 1 });
    expect(first.statements).toBeLessThanOrEqual(6);
    expect(first.named).toBeGreaterThanOrEqual(1);
    // The same case file again that day: decided from the projection, no hop to case-files.
    expect(again).toMatchObject({ caseFilesCalls: 0, commits: 1 });
    expect(again.statements).toBeLessThanOrEqual(5);
  });

  it('keeps an Idempotency-Key in the same commit: 2 statements more (the key lock with its look-up, the answer)', async () => {
    const caseFileId = referrals.caseFiles.add(clinic);
    await submitCounted(caseFileId);
    const keyed = await submitCounted(caseFileId, randomUUID());
    console.log(JSON.stringify({ keyed }, null, 2));

    expect(keyed).toMatchObject({ caseFilesCalls: 0, commits: 1 });
    expect(keyed.statements).toBeLessThanOrEqual(7);
    expect(keyed.texts.some((t) => /pg_try_advisory_xact_lock/.test(t))).toBe(true);
    expect(keyed.texts.some((t) => /INSERT INTO idempotency_record/.test(t))).toBe(true);
  });
});
