import { randomUUID } from 'node:crypto';
import { TOPICS, type PractitionerEventData } from '@referral/contracts';
import {
  createTestDatabase,
  testInfrastructure,
  testKafka,
  TopicRecorder,
  waitUntil,
  type ReceivedMessage,
  type TestDatabase,
} from '@referral/testing';
import { TestIssuer } from '@referral/testing-service';
import { migrations } from '../src/migrations';
import { DeadlineScheduler, type DeadlineRun } from '../src/referrals/deadline-scheduler';
import { DirectoryPublisher, startReferrals, type TestReferrals } from './support/referrals';

const HOUR = 3600_000;
const ESCALATION = ['referral.claim_overdue', 'referral.escalated'];

/** Small batches, so that two instances taking overdue referrals at once interleave theirs. */
const ENV = { DEADLINE_BATCH_SIZE: '5' };

interface Referral {
  id: string;
  status: string;
  stage: string;
  holderPractitionerId: string | null;
  claimDueAt: string;
  answerDueAt: string;
}

describe('referrals: missed deadlines, several instances on one database (real PostgreSQL and Kafka)', () => {
  let database: TestDatabase;
  let issuer: TestIssuer;
  let a: TestReferrals;
  let b: TestReferrals;
  let recorder: TopicRecorder;
  let directory: DirectoryPublisher;
  /** The instances still running, closed at the end. */
  const running = new Set<TestReferrals>();
  const clinic = randomUUID();

  /** One more referrals instance on the shared database, trusting the shared issuer. */
  const start = async (env: Record<string, string> = {}) => {
    const instance = await startReferrals({ ...ENV, ...env }, { database, issuer });
    running.add(instance);
    return instance;
  };
  const stop = async (instance: TestReferrals) => {
    running.delete(instance);
    await instance.close();
  };

  const scheduler = (instance: TestReferrals) => instance.service.app.get(DeadlineScheduler);

  /** Both instances look for missed deadlines at once, with the clock at `at`: what they did together. */
  const runBoth = async (at: Date): Promise<DeadlineRun> => {
    const runs = await Promise.all([scheduler(a).runOnce(at), scheduler(b).runOnce(at)]);
    return {
      escalated: runs[0].escalated + runs[1].escalated,
      released: runs[0].released + runs[1].released,
    };
  };

  const clinician = () => ({
    authorization: `Bearer ${issuer.token({ org: clinic, roles: ['clinician'] })}`,
  });
  const specialist = (who: PractitionerEventData) => ({
    authorization: `Bearer ${issuer.token({ org: who.organizationId, practitioner: who.practitionerId, roles: ['specialist'] })}`,
  });

  const post = (path: string, headers: Record<string, string>, payload?: unknown, via = a) =>
    fetch(`${via.service.url}/v1/referrals${path}`, {
      method: 'POST',
      headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });

  /** Submits a referral to the pool through `via` (whose case-files stub knows the case file). */
  const submit = async (priority: 'urgent' | 'routine', overrides = {}, via = a): Promise<Referral> => {
    const response = await post(
      '',
      clinician(),
      {
        caseFileId: via.caseFiles.add(clinic),
        specialtyCode: 'cardiology',
        priority,
        question: 'Exertional chest pain with ST depression in V4–V6: which workup before transfer?',
        allowConversion: true,
        ...overrides,
      },
      via,
    );
    expect(response.status).toBe(201);
    return (await response.json()) as Referral;
  };

  /** A specialist's action that must succeed (claim, accept). */
  const act = async (id: string, action: string, headers: Record<string, string>): Promise<Referral> => {
    const response = await post(`/${id}/${action}`, headers);
    expect(response.status).toBe(200);
    return (await response.json()) as Referral;
  };

  const message = async (id: string, kind: string, headers: Record<string, string>) => {
    const response = await post(`/${id}/messages`, headers, { kind, text: `A ${kind} on the thread` });
    expect(response.status).toBe(201);
  };

  const query = (sql: string, parameters: unknown[] = []) => b.dataSource.query(sql, parameters);
  const count = (table: string) => b.count(table);

  /** The stored state of each referral, in the order given. */
  const statesOf = (ids: string[]) =>
    query(
      `SELECT status, stage, holder_practitioner_id AS holder, target_practitioner_id AS target,
              claim_due_at AS "claimDueAt", answer_due_at AS "answerDueAt", answer_paused_at AS "pausedAt"
         FROM unnest($1::uuid[]) WITH ORDINALITY AS wanted (id, n) JOIN referral USING (id)
        ORDER BY n`,
      [ids],
    );
  const stateOf = async (id: string) => (await statesOf([id]))[0];

  /** The history entries of these referrals for one action, by referral. */
  const history = (ids: string[], action: string) =>
    query(
      `SELECT referral_id AS id, at, from_status, from_stage, to_status, to_stage,
              actor_client_id, actor_practitioner_id, actor_organization_id
         FROM referral_history WHERE referral_id = ANY ($1) AND action = $2 ORDER BY referral_id, seq`,
      [ids, action],
    );

  /** The types of each referral's events in the outbox, in order, among `types`. */
  const outboxTypes = async (ids: string[], types: string[]) => {
    const rows: { key: string; type: string }[] = await query(
      `SELECT key, type FROM outbox WHERE key = ANY ($1) AND type = ANY ($2) ORDER BY seq`,
      [ids, types],
    );
    return ids.map((id) => rows.filter((row) => row.key === id).map((row) => row.type));
  };

  /** Waits until these referrals' events of these types are on the topic, and checks each came once. */
  const expectPublishedOnce = async (ids: string[], types: string[]) => {
    const ours = (m: ReceivedMessage) => ids.includes(m.key!) && types.includes(m.headers.ce_type);
    await recorder.waitFor(
      (messages) => messages.filter(ours).length >= ids.length * types.length,
      `${types.join(' and ')} of ${ids.length} referral(s) on ${TOPICS.referral}`,
    );
    const published = recorder.messages.filter(ours).map((m) => `${m.key} ${m.headers.ce_type}`);
    expect(published.sort()).toEqual(ids.flatMap((id) => types.map((type) => `${id} ${type}`)).sort());
  };

  const systemEntry = { actor_client_id: null, actor_practitioner_id: null, actor_organization_id: null };

  beforeAll(async () => {
    const infra = await testInfrastructure();
    issuer = await new TestIssuer().start();
    // The test owns the database: an instance that stops must leave it to the others.
    database = await createTestDatabase(infra.databaseUrl, 'referrals', migrations);
    a = await start();
    b = await start();
    directory = new DirectoryPublisher(b);
    recorder = await new TopicRecorder(testKafka(infra.kafkaBrokers), [TOPICS.referral]).start();
  });

  afterAll(async () => {
    await recorder?.stop();
    await directory?.stop();
    for (const instance of running) await instance.close();
    await database?.drop();
    await issuer?.stop();
  });

  it('escalates each referral whose claim deadline passed once, while two instances share the work', async () => {
    const target = await directory.register();
    const urgent = [
      ...(await Promise.all(Array.from({ length: 28 }, () => submit('urgent')))),
      // Assigned to a specialist who never claims them: escalation widens the pool.
      ...(await Promise.all(
        [1, 2].map(() => submit('urgent', { targetPractitionerId: target.practitionerId })),
      )),
    ];
    const routine = await Promise.all([1, 2, 3].map(() => submit('routine')));
    expect(urgent.filter((r) => r.stage === 'assigned')).toHaveLength(2);
    const ids = urgent.map((r) => r.id);
    const routineIds = routine.map((r) => r.id);
    const now = Date.now();

    // Urgent: 4 h to claim; routine: 24 h.
    const later = new Date(now + 5 * HOUR);
    expect(await runBoth(later)).toEqual({ escalated: urgent.length, released: 0 });

    expect(await statesOf(ids)).toEqual(
      urgent.map(() => expect.objectContaining({ status: 'requested', stage: 'escalated', target: null })),
    );
    expect(await history(ids, 'escalate')).toEqual(
      urgent
        .map((r) => ({
          id: r.id,
          at: later,
          from_status: 'requested',
          from_stage: r.stage,
          to_status: 'requested',
          to_stage: 'escalated',
          ...systemEntry,
        }))
        .sort((x, y) => x.id.localeCompare(y.id)),
    );
    expect(await outboxTypes(ids, ESCALATION)).toEqual(ids.map(() => ESCALATION));
    await expectPublishedOnce(ids, ESCALATION);
    const event = recorder.messages.find(
      (m) => m.key === ids[0] && m.headers.ce_type === 'referral.escalated',
    )!;
    const data = JSON.parse(event.value!) as Record<string, unknown>;
    expect(data).toMatchObject({ referralId: ids[0], stage: 'escalated', occurredAt: later.toISOString() });
    expect(data).not.toHaveProperty('actor');

    expect(await statesOf(routineIds)).toEqual(
      routine.map(() => expect.objectContaining({ status: 'requested', stage: 'pool' })),
    );

    // Looking again at the same instant finds nothing.
    const before = { history: await count('referral_history'), outbox: await count('outbox') };
    expect(await runBoth(later)).toEqual({ escalated: 0, released: 0 });
    expect({ history: await count('referral_history'), outbox: await count('outbox') }).toEqual(before);

    // A day later the routine ones are overdue too; the urgent ones are not escalated again.
    expect(await runBoth(new Date(now + 25 * HOUR))).toEqual({ escalated: routine.length, released: 0 });
    expect(await statesOf(routineIds)).toEqual(
      routine.map(() => expect.objectContaining({ status: 'requested', stage: 'escalated' })),
    );
    expect(await history([...ids, ...routineIds], 'escalate')).toHaveLength(urgent.length + routine.length);
    expect(await outboxTypes([...ids, ...routineIds], ESCALATION)).toEqual(
      [...ids, ...routineIds].map(() => ESCALATION),
    );
    await expectPublishedOnce([...ids, ...routineIds], ESCALATION);
  });

  it('releases a held referral whose answer deadline passed to the pool, once, with deadlines from that moment', async () => {
    const cardiologist = await directory.register();
    const referral = await submit('urgent');
    const claimed = await act(referral.id, 'claim', specialist(cardiologist));
    expect(claimed).toMatchObject({ status: 'received', holderPractitionerId: cardiologist.practitionerId });
    await act(referral.id, 'accept', specialist(cardiologist));
    const now = Date.now();

    // Urgent: 24 h to answer from the claim.
    expect(await runBoth(new Date(now + 23 * HOUR))).toEqual({ escalated: 0, released: 0 });
    expect(await stateOf(referral.id)).toMatchObject({
      status: 'in-progress',
      stage: 'answering',
      holder: cardiologist.practitionerId,
    });

    const later = new Date(now + 25 * HOUR);
    expect(await runBoth(later)).toEqual({ escalated: 0, released: 1 });
    expect(await stateOf(referral.id)).toEqual({
      status: 'requested',
      stage: 'pool',
      holder: null,
      target: null,
      claimDueAt: new Date(later.getTime() + 4 * HOUR),
      answerDueAt: new Date(later.getTime() + 24 * HOUR),
      pausedAt: null,
    });
    expect(await history([referral.id], 'release-overdue')).toEqual([
      {
        id: referral.id,
        at: later,
        from_status: 'in-progress',
        from_stage: 'answering',
        to_status: 'requested',
        to_stage: 'pool',
        ...systemEntry,
      },
    ]);
    expect(await outboxTypes([referral.id], ['referral.answer_overdue'])).toEqual([
      ['referral.answer_overdue'],
    ]);

    expect(await runBoth(later)).toEqual({ escalated: 0, released: 0 });
    await expectPublishedOnce([referral.id], ['referral.answer_overdue']);
    expect(await history([referral.id], 'release-overdue')).toHaveLength(1);
  });

  it('pauses the answer clock while a clarification is awaited, and adds the time on hold to the deadline', async () => {
    const cardiologist = await directory.register();
    const referral = await submit('urgent');
    const claimed = await act(referral.id, 'claim', specialist(cardiologist));
    await message(referral.id, 'clarification-request', specialist(cardiologist));
    const requested = Date.now();
    expect(await stateOf(referral.id)).toMatchObject({
      status: 'on-hold',
      stage: 'clarification-requested',
      pausedAt: expect.any(Date),
    });

    // Six hours past the answer deadline: on hold, it is not overdue.
    const later = new Date(requested + 30 * HOUR);
    await runBoth(later);
    expect(await stateOf(referral.id)).toMatchObject({
      status: 'on-hold',
      stage: 'clarification-requested',
      holder: cardiologist.practitionerId,
    });
    expect(await history([referral.id], 'release-overdue')).toEqual([]);

    await new Promise((resolve) => setTimeout(resolve, 250));
    const responding = Date.now();
    await message(referral.id, 'clarification-response', clinician());
    const resumed = await stateOf(referral.id);
    expect(resumed).toMatchObject({ status: 'in-progress', stage: 'answering', pausedAt: null });
    // The deadline moved by exactly the time on hold (server clock), at least as long as we waited.
    const [pause] = await history([referral.id], 'request-clarification');
    const [resume] = await history([referral.id], 'provide-clarification');
    const onHold = resume.at.getTime() - pause.at.getTime();
    expect(onHold).toBeGreaterThanOrEqual(responding - requested);
    expect(resumed.answerDueAt.getTime() - Date.parse(claimed.answerDueAt)).toBe(onHold);

    // Paused, not stopped: once answering again, the same moment is past its deadline.
    await runBoth(later);
    expect(await stateOf(referral.id)).toMatchObject({ status: 'requested', stage: 'pool', holder: null });
    expect(await history([referral.id], 'release-overdue')).toHaveLength(1);
  });

  it('loses nothing when an instance stops: a new one on the same database finds the overdue referrals', async () => {
    const left = await Promise.all([1, 2, 3].map(() => submit('urgent')));
    const ids = left.map((r) => r.id);
    await stop(a);
    expect(await query(`SELECT 1 FROM pg_database WHERE datname = $1`, [database.name])).toHaveLength(1);

    const restarted = await start();
    const later = new Date(Date.now() + 5 * HOUR);
    expect(await scheduler(restarted).runOnce(later)).toEqual({ escalated: ids.length, released: 0 });
    expect(await statesOf(ids)).toEqual(ids.map(() => expect.objectContaining({ stage: 'escalated' })));
    expect(await history(ids, 'escalate')).toHaveLength(ids.length);
    await expectPublishedOnce(ids, ESCALATION);
  });

  it('escalates on its own timer: an instance checking every 200 ms finds a deadline that passed', async () => {
    const timed = await start({ DEADLINE_CHECK_INTERVAL_MS: '200' });
    const referral = await submit('urgent', {}, b);
    // The shortest claim deadline is an hour: move this one into the past instead of the clock.
    await query(`UPDATE referral SET claim_due_at = now() - interval '1 minute' WHERE id = $1`, [
      referral.id,
    ]);

    await waitUntil(
      async () => (await stateOf(referral.id)).stage === 'escalated',
      `referral ${referral.id} escalated by the timer`,
      10_000,
    );
    expect(await history([referral.id], 'escalate')).toEqual([expect.objectContaining(systemEntry)]);
    await expectPublishedOnce([referral.id], ESCALATION);
    await stop(timed);
  });
});
