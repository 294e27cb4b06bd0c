import { randomUUID } from 'node:crypto';
import { IdempotentWrites } from '@referral/platform-idempotency';
import { referralBody, startReferrals, type TestReferrals } from './support/referrals';

/**
 * Issue 14: the referrals service keeps the `Idempotency-Key` of a submission itself, with the
 * submission (one transaction): a retry after a lost answer replays it, never a second referral.
 */
describe('referrals: Idempotency-Key kept with the submission (real PostgreSQL and Kafka)', () => {
  let referrals: TestReferrals;
  const clinic = randomUUID();
  const client = `cl_idem_${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    referrals = await startReferrals();
  });

  afterAll(async () => {
    await referrals?.close();
  });

  const token = (sub = client) => referrals.issuer.token({ sub, org: clinic, roles: ['clinician'] });

  async function submit(body: unknown, key: string | undefined, sub = client) {
    const response = await fetch(`${referrals.service.url}/v1/referrals`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token(sub)}`,
        ...(key !== undefined && { 'idempotency-key': key }),
      },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      replayed: response.headers.get('idempotent-replayed'),
      contentType: response.headers.get('content-type'),
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  const referralsOf = async (caseFileId: string) =>
    Number(
      (
        await referrals.dataSource.query(`SELECT count(*)::int AS n FROM referral WHERE case_file_id = $1`, [
          caseFileId,
        ])
      )[0].n,
    );
  const submittedEventsOf = async (referralId: unknown) =>
    Number(
      (
        await referrals.dataSource.query(
          `SELECT count(*)::int AS n FROM outbox WHERE type = 'referral.submitted' AND key = $1`,
          [referralId],
        )
      )[0].n,
    );
  const recordOf = async (key: string, sub = client) =>
    (
      await referrals.dataSource.query(
        `SELECT response_status AS status, response_body AS body, response_key_id AS "keyId"
           FROM idempotency_record WHERE client_id = $1 AND key = $2`,
        [sub, key],
      )
    )[0] as { status: number; body: Buffer; keyId: string } | undefined;

  it('answers a retry with the first answer: same status and body, marked replayed, one referral and one event', async () => {
    const body = referralBody({ caseFileId: referrals.caseFiles.add(clinic) });
    const key = randomUUID();
    const first = await submit(body, key);
    const again = await submit({ ...body }, key);

    expect(first.status).toBe(201);
    expect(first.replayed).toBeNull();
    expect(again).toMatchObject({ status: 201, replayed: 'true' });
    expect(again.body).toEqual(first.body);
    expect(await referralsOf(body.caseFileId)).toBe(1);
    expect(await submittedEventsOf(first.body.id)).toBe(1);
  });

  it('stores the answer sealed, never the request or answer in the clear', async () => {
    const body = referralBody({ caseFileId: referrals.caseFiles.add(clinic) });
    const key = randomUUID();
    expect((await submit(body, key)).status).toBe(201);
    const record = await recordOf(key);
    expect(record).toMatchObject({ status: 201, keyId: 'dev-1' });
    expect(record!.body.toString('latin1')).not.toContain('Exertional chest pain');
    expect(record!.body.toString('latin1')).not.toContain(body.caseFileId);
  });

  it('refuses the same key with another body (422) and keeps keys per API client', async () => {
    const key = randomUUID();
    const first = await submit(referralBody({ caseFileId: referrals.caseFiles.add(clinic) }), key);
    expect(first.status).toBe(201);

    const other = referralBody({ caseFileId: referrals.caseFiles.add(clinic) });
    const reused = await submit(other, key);
    expect(reused.status).toBe(422);
    expect(reused.body.type).toMatch(/idempotency-key-reused$/);
    expect(await referralsOf(other.caseFileId)).toBe(0);

    // Another API client's key of the same value is its own.
    const otherClient = await submit(other, key, `cl_other_${randomUUID().slice(0, 8)}`);
    expect(otherClient.status).toBe(201);
    expect(await referralsOf(other.caseFileId)).toBe(1);
  });

  it('runs a key once under concurrent retries: one referral, every other answer a replay of it or 409', async () => {
    const body = referralBody({ caseFileId: referrals.caseFiles.add(clinic) });
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 12 }, () => submit(body, key)));

    expect(await referralsOf(body.caseFileId)).toBe(1);
    const created = answers.filter((a) => a.status === 201);
    expect(created.filter((a) => a.replayed === null)).toHaveLength(1);
    expect(new Set(created.map((a) => a.body.id)).size).toBe(1);
    for (const answer of answers.filter((a) => a.status !== 201)) {
      expect(answer.status).toBe(409);
      expect(answer.body.type).toMatch(/idempotency-key-in-flight$/);
    }
    // Once the first has committed, every retry is its replay.
    expect(await submit(body, key)).toMatchObject({ status: 201, replayed: 'true', body: created[0].body });
  });

  it('keeps a refusal as the answer (404 replayed even once the case file exists), but not a failure (503)', async () => {
    const missing = randomUUID();
    const body = referralBody({ caseFileId: missing });
    const key = randomUUID();
    const refused = await submit(body, key);
    expect(refused.status).toBe(404);
    expect(refused.contentType).toMatch(/^application\/problem\+json/);

    const stand = referrals.caseFiles.caseFiles.get(referrals.caseFiles.add(clinic))!;
    referrals.caseFiles.caseFiles.set(missing, { ...stand, caseFileId: missing });
    const replay = await submit(body, key);
    expect(replay).toMatchObject({ status: 404, replayed: 'true', body: refused.body });
    expect(replay.contentType).toMatch(/^application\/problem\+json/);
    expect(await referralsOf(missing)).toBe(0);

    // case-files failing: 503, nothing stored; the retry with the same key then submits.
    const later = referralBody({ caseFileId: referrals.caseFiles.add(clinic) });
    const laterKey = randomUUID();
    referrals.caseFiles.failWith = 500;
    try {
      expect((await submit(later, laterKey)).status).toBe(503);
    } finally {
      referrals.caseFiles.failWith = undefined;
    }
    expect(await recordOf(laterKey)).toBeUndefined();
    expect(await submit(later, laterKey)).toMatchObject({ status: 201, replayed: null });
    expect(await referralsOf(later.caseFileId)).toBe(1);
  });

  it('forgets a key once it expires: the same key then submits again, and the purge deletes old answers', async () => {
    const body = referralBody({ caseFileId: referrals.caseFiles.add(clinic) });
    const key = randomUUID();
    expect((await submit(body, key)).status).toBe(201);
    await referrals.dataSource.query(
      `UPDATE idempotency_record SET expires_at = now() - interval '2 hours' WHERE client_id = $1 AND key = $2`,
      [client, key],
    );
    expect(await submit(body, key)).toMatchObject({ status: 201, replayed: null });
    expect(await referralsOf(body.caseFileId)).toBe(2);

    const old = randomUUID();
    expect((await submit(referralBody({ caseFileId: referrals.caseFiles.add(clinic) }), old)).status).toBe(
      201,
    );
    await referrals.dataSource.query(
      `UPDATE idempotency_record SET expires_at = now() - interval '2 hours' WHERE client_id = $1 AND key = $2`,
      [client, old],
    );
    await referrals.service.app.get(IdempotentWrites).purgeExpired();
    expect(await recordOf(old)).toBeUndefined();
    expect(await recordOf(key)).toBeDefined();
  });

  it('refuses a malformed key (400) and submits without one', async () => {
    const body = referralBody({ caseFileId: referrals.caseFiles.add(clinic) });
    const bad = await submit(body, 'é'.repeat(3));
    expect(bad.status).toBe(400);
    expect(bad.body.type).toMatch(/idempotency-key-invalid$/);
    expect((await submit(body, undefined)).status).toBe(201);
  });
});
