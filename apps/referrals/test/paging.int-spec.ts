import { randomUUID } from 'node:crypto';
import type { TestIssuer } from '@referral/testing-service';
import { DirectoryPublisher, referralBody, startReferrals, type TestReferrals } from './support/referrals';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface QueueItem {
  referralId: string;
  priority: string;
  claimDueAt: string;
}

interface HistoryEntry {
  at: string;
  action: string;
  toStage: string;
}

interface Message {
  id: string;
  text: string;
  createdAt: string;
}

/**
 * Every list of the referrals service answers `{ items, nextCursor }` and pages with a keyset cursor
 * (API.md "Lists"): the queue, a referral's history and its messages, walked a page at a time with
 * more items than `limit`, each item exactly once, in the order API.md gives.
 */
describe('referrals: lists page with a cursor (real PostgreSQL and Kafka)', () => {
  let referrals: TestReferrals;
  let issuer: TestIssuer;
  let directory: DirectoryPublisher;
  const clinic = randomUUID();
  const hospital = randomUUID();
  const clinicianId = randomUUID();

  const clinician = () => issuer.token({ org: clinic, roles: ['clinician'], practitioner: clinicianId });
  const specialist = (practitionerId: string) =>
    issuer.token({ org: hospital, roles: ['specialist'], practitioner: practitionerId });

  async function call<T>(method: 'GET' | 'POST', path: string, token: string, body?: unknown) {
    const response = await fetch(`${referrals.service.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /** Walks a list with `limit` from its first page to the last; `between` runs after each page. */
  async function walk<T>(
    path: string,
    token: string,
    limit: number,
    between?: (page: number) => Promise<void>,
  ) {
    const pages: T[][] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const query = `${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const answer: { status: number; body: Page<T> } = await call<Page<T>>('GET', `${path}${query}`, token);
      expect(answer.status).toBe(200);
      expect(answer.body.nextCursor === null || typeof answer.body.nextCursor === 'string').toBe(true);
      expect(answer.body.items.length).toBeLessThanOrEqual(limit);
      pages.push(answer.body.items);
      cursor = answer.body.nextCursor;
      if (cursor) expect(answer.body.items).toHaveLength(limit);
      await between?.(pages.length);
      expect(pages.length).toBeLessThan(50);
    } while (cursor);
    return pages;
  }

  async function submit(specialtyCode: string, priority: string): Promise<{ id: string }> {
    const answer = await call<{ id: string }>(
      'POST',
      '/v1/referrals',
      clinician(),
      referralBody({ caseFileId: referrals.caseFiles.add(clinic), specialtyCode, priority }),
    );
    expect(answer.status).toBe(201);
    return answer.body;
  }

  beforeAll(async () => {
    referrals = await startReferrals();
    issuer = referrals.issuer;
    directory = new DirectoryPublisher(referrals);
  });

  afterAll(async () => {
    await directory?.stop();
    await referrals?.close();
  });

  it('pages the queue: urgent first, then earliest claimDueAt, then id; each claimable referral once, even when one is claimed meanwhile', async () => {
    const specialty = 'endocrinology';
    const doctor = (
      await directory.register({ organizationId: hospital, role: { specialtyCode: specialty } })
    ).practitionerId;
    const other = (await directory.register({ organizationId: hospital, role: { specialtyCode: specialty } }))
      .practitionerId;
    const submitted: string[] = [];
    for (let i = 0; i < 9; i++)
      submitted.push((await submit(specialty, i % 3 === 0 ? 'urgent' : 'routine')).id);
    // Ties the cursor must break by id: routine ones due in the same millisecond (microseconds apart,
    // which a JavaScript Date cannot carry), and two urgent ones due at the very same instant.
    await referrals.dataSource.query(
      `UPDATE referral SET claim_due_at = '2031-01-01T00:00:00.123456Z' WHERE id = ANY ($1::uuid[])`,
      [[submitted[1], submitted[2], submitted[4]]],
    );
    await referrals.dataSource.query(
      `UPDATE referral SET claim_due_at = '2031-01-01T00:00:00.123001Z' WHERE id = ANY ($1::uuid[])`,
      [[submitted[5], submitted[7]]],
    );
    await referrals.dataSource.query(
      `UPDATE referral SET claim_due_at = '2031-01-01T00:00:00Z' WHERE id = ANY ($1::uuid[])`,
      [[submitted[0], submitted[3]]],
    );

    const whole = await call<Page<QueueItem>>(
      'GET',
      `/v1/queue?specialty=${specialty}&limit=100`,
      specialist(doctor),
    );
    expect(whole.body.nextCursor).toBeNull();
    const expected = [...whole.body.items].sort(
      (a, b) =>
        Number(b.priority === 'urgent') - Number(a.priority === 'urgent') ||
        a.claimDueAt.localeCompare(b.claimDueAt) ||
        a.referralId.localeCompare(b.referralId),
    );
    expect(whole.body.items.map((i) => i.referralId)).toEqual(expected.map((i) => i.referralId));
    expect(new Set(expected.map((i) => i.referralId))).toEqual(new Set(submitted));

    const pages = await walk<QueueItem>(`/v1/queue?specialty=${specialty}`, specialist(doctor), 2);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 2, 1]);
    expect(pages.flat().map((i) => i.referralId)).toEqual(expected.map((i) => i.referralId));

    // Someone else claims a referral of a later page between two pages: the rest still come, once each.
    const claimed = expected[4].referralId;
    const walked = await walk<QueueItem>(
      `/v1/queue?specialty=${specialty}`,
      specialist(doctor),
      3,
      async (page) => {
        if (page === 1)
          expect((await call('POST', `/v1/referrals/${claimed}/claim`, specialist(other))).status).toBe(200);
      },
    );
    expect(walked.flat().map((i) => i.referralId)).toEqual(
      expected.map((i) => i.referralId).filter((id) => id !== claimed),
    );

    expect((await call('GET', '/v1/queue?cursor=nonsense', specialist(doctor))).status).toBe(422);
    // Another list's cursor is not a position in the queue.
    const referralCursor = Buffer.from(JSON.stringify(['2031-01-01T00:00:00.000Z', randomUUID()])).toString(
      'base64url',
    );
    expect((await call('GET', `/v1/queue?cursor=${referralCursor}`, specialist(doctor))).status).toBe(422);
  });

  it("pages a referral's history oldest first, each transition once", async () => {
    const specialty = 'neurology';
    const doctor = (
      await directory.register({ organizationId: hospital, role: { specialtyCode: specialty } })
    ).practitionerId;
    const referral = await submit(specialty, 'routine');
    for (let i = 0; i < 4; i++) {
      expect((await call('POST', `/v1/referrals/${referral.id}/claim`, specialist(doctor))).status).toBe(200);
      const release = await call('POST', `/v1/referrals/${referral.id}/release`, specialist(doctor), {
        reason: `Round ${i}: out of clinic this week`,
      });
      expect(release.status).toBe(200);
    }
    const whole = await call<Page<HistoryEntry>>(
      'GET',
      `/v1/referrals/${referral.id}/history?limit=100`,
      clinician(),
    );
    expect(whole.body.nextCursor).toBeNull();
    expect(whole.body.items).toHaveLength(9);
    expect(whole.body.items.map((e) => e.toStage)).toEqual([
      'pool',
      ...Array.from({ length: 4 }, () => ['claimed', 'pool']).flat(),
    ]);
    const ats = whole.body.items.map((e) => e.at);
    expect([...ats].sort()).toEqual(ats);

    const pages = await walk<HistoryEntry>(`/v1/referrals/${referral.id}/history`, clinician(), 2);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 2, 1]);
    expect(pages.flat()).toEqual(whole.body.items);
    // The default page is 20: all nine at once.
    expect(
      (await call<Page<HistoryEntry>>('GET', `/v1/referrals/${referral.id}/history`, clinician())).body,
    ).toEqual({ items: whole.body.items, nextCursor: null });

    for (const cursor of ['nonsense', Buffer.from('["99999999999999999999"]').toString('base64url')]) {
      const answer = await call<{ errors: { field: string }[] }>(
        'GET',
        `/v1/referrals/${referral.id}/history?cursor=${cursor}`,
        clinician(),
      );
      expect(answer.status).toBe(422);
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    }
    expect((await call('GET', `/v1/referrals/${referral.id}/history?limit=0`, clinician())).status).toBe(422);
  });

  it("pages a referral's messages oldest first, then by id, each message once", async () => {
    const referral = await submit('cardiology', 'routine');
    const posted: string[] = [];
    for (let i = 0; i < 7; i++) {
      const answer = await call<Message>('POST', `/v1/referrals/${referral.id}/messages`, clinician(), {
        kind: 'note',
        text: `Note ${i}: patient's BP rechecked`,
      });
      expect(answer.status).toBe(201);
      posted.push(answer.body.id);
    }
    // Three written in the same millisecond (microseconds apart): their order is by id.
    await referrals.dataSource.query(
      `UPDATE referral_message SET created_at = '2031-01-01T00:00:00.123456Z' WHERE id = $1`,
      [posted[1]],
    );
    await referrals.dataSource.query(
      `UPDATE referral_message SET created_at = '2031-01-01T00:00:00.123001Z' WHERE id = ANY ($1::uuid[])`,
      [[posted[2], posted[3]]],
    );
    const whole = await call<Page<Message>>(
      'GET',
      `/v1/referrals/${referral.id}/messages?limit=100`,
      clinician(),
    );
    expect(whole.body.nextCursor).toBeNull();
    const expected = [...whole.body.items].sort(
      (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
    );
    expect(whole.body.items.map((m) => m.id)).toEqual(expected.map((m) => m.id));
    expect(new Set(expected.map((m) => m.id))).toEqual(new Set(posted));
    expect(expected.slice(-3).map((m) => m.id)).toEqual([posted[2], posted[3], posted[1]].sort());

    const pages = await walk<Message>(`/v1/referrals/${referral.id}/messages`, clinician(), 2);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 1]);
    expect(pages.flat().map((m) => m.id)).toEqual(expected.map((m) => m.id));

    const answer = await call<{ errors: { field: string }[] }>(
      'GET',
      `/v1/referrals/${referral.id}/messages?cursor=nonsense`,
      clinician(),
    );
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });

  it('answers 422, never 500, to a made-up cursor with a time PostgreSQL cannot hold', async () => {
    const doctor = (await directory.register({ organizationId: hospital })).practitionerId;
    const referral = await submit('cardiology', 'routine');
    for (const at of ['0000-01-01T00:00:00.000Z', '+275760-09-13T00:00:00.000Z']) {
      const keyset = Buffer.from(JSON.stringify([at, randomUUID()])).toString('base64url');
      const ranked = Buffer.from(JSON.stringify([0, at, randomUUID()])).toString('base64url');
      for (const [path, token] of [
        [`/v1/referrals?cursor=${keyset}`, clinician()],
        [`/v1/referrals/${referral.id}/messages?cursor=${keyset}`, clinician()],
        [`/v1/queue?cursor=${ranked}`, specialist(doctor)],
      ]) {
        const answer = await call<{ errors: { field: string }[] }>('GET', path, token);
        expect({ path, status: answer.status }).toEqual({ path, status: 422 });
        expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
      }
    }
  });
});
