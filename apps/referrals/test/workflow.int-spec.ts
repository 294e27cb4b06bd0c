import { randomUUID } from 'node:crypto';
import { TOPICS } from '@referral/contracts';
import { testInfrastructure, testKafka, TopicRecorder } from '@referral/testing';
import type { TestIssuer } from '@referral/testing-service';
import { DirectoryPublisher, referralBody, startReferrals, type TestReferrals } from './support/referrals';

interface Referral {
  id: string;
  caseFileId: string;
  status: string;
  stage: string;
  holderPractitionerId: string | null;
  targetPractitionerId: string | null;
  claimDueAt: string;
  answerDueAt: string;
  consult: Record<string, unknown> | null;
}

interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/**
 * The e-consult workflow through the referrals service's HTTP API, on real PostgreSQL and Kafka, with
 * specialists registered through the directory's events: every action, who may take it, what it does
 * to the state, deadlines, history, thread and events, and the bad input of the issue.
 */
describe('referrals: the e-consult workflow (real PostgreSQL and Kafka)', () => {
  let referrals: TestReferrals;
  let issuer: TestIssuer;
  let directory: DirectoryPublisher;
  let recorder: TopicRecorder;
  const clinic = randomUUID();
  const hospital = randomUUID();
  const clinicianId = randomUUID();

  const tokenOf = (org: string, roles: string[], practitioner?: string) =>
    issuer.token({ org, roles, ...(practitioner && { practitioner }) });
  const clinician = (org = clinic) => tokenOf(org, ['clinician'], clinicianId);
  const specialist = (practitionerId: string, org = hospital) => tokenOf(org, ['specialist'], practitionerId);
  const coordinator = (org = hospital) => tokenOf(org, ['coordinator'], randomUUID());

  async function call<T = Record<string, unknown>>(
    method: 'GET' | 'POST',
    path: string,
    token: string,
    body?: unknown,
  ): Promise<Answer<T>> {
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

  const act = (id: string, action: string, token: string, body?: unknown) =>
    call<Referral & { detail?: string }>('POST', `/v1/referrals/${id}/${action}`, token, body);

  async function submit(overrides: Record<string, unknown> = {}): Promise<Referral> {
    const answer = await call<Referral>(
      'POST',
      '/v1/referrals',
      clinician(),
      referralBody({ caseFileId: referrals.caseFiles.add(clinic), ...overrides }),
    );
    expect(answer.status).toBe(201);
    return answer.body;
  }

  const cardiologist = (overrides: Parameters<DirectoryPublisher['register']>[0] = {}) =>
    directory.register({ organizationId: hospital, ...overrides }).then((data) => data.practitionerId);

  /** The event types published for a referral, in order. */
  const eventsOf = (id: string) =>
    recorder.messages.filter((m) => m.key === id).map((m) => m.headers.ce_type?.toString());

  beforeAll(async () => {
    referrals = await startReferrals();
    issuer = referrals.issuer;
    directory = new DirectoryPublisher(referrals);
    const infra = await testInfrastructure();
    recorder = await new TopicRecorder(testKafka(infra.kafkaBrokers), [TOPICS.referral]).start();
  });

  afterAll(async () => {
    await recorder?.stop();
    await directory?.stop();
    await referrals?.close();
  });

  it('runs the whole loop: submit, queue, claim, clarify, respond, consult, follow-up, consult, close — with history, thread and events', async () => {
    const doctor = await cardiologist();
    const referral = await submit({ priority: 'routine' });

    const queue = await call<{ items: Record<string, unknown>[] }>('GET', '/v1/queue', specialist(doctor));
    const item = queue.body.items.find((i) => i.referralId === referral.id);
    expect(item).toMatchObject({
      specialtyCode: 'cardiology',
      ageBand: '25-44',
      sex: 'female',
      stage: 'pool',
    });
    expect(Object.keys(item!).sort()).toEqual(
      [
        'referralId',
        'specialtyCode',
        'priority',
        'question',
        'ageBand',
        'sex',
        'stage',
        'claimDueAt',
        'answerDueAt',
        'createdAt',
      ].sort(),
    );

    const claimed = await act(referral.id, 'claim', specialist(doctor));
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({
      status: 'received',
      stage: 'claimed',
      holderPractitionerId: doctor,
    });
    // Once held, the patient's case opens to the holder: the referral (with patient id) is theirs to read.
    expect((await call('GET', `/v1/referrals/${referral.id}`, specialist(doctor))).status).toBe(200);
    // A second claim by the holder changes nothing.
    const again = await act(referral.id, 'claim', specialist(doctor));
    expect(again.status).toBe(200);
    expect(again.body.holderPractitionerId).toBe(doctor);

    const question = await call<{ side: string; kind: string }>(
      'POST',
      `/v1/referrals/${referral.id}/messages`,
      specialist(doctor),
      { kind: 'clarification-request', text: 'Any syncope? Please attach the ECG.' },
    );
    expect(question.status).toBe(201);
    expect(question.body).toMatchObject({ side: 'specialist', kind: 'clarification-request' });
    const held = await call<Referral>('GET', `/v1/referrals/${referral.id}`, clinician());
    expect(held.body).toMatchObject({ status: 'on-hold', stage: 'clarification-requested' });

    // Messages name attachments of the case file, and only those.
    const ecg = randomUUID();
    referrals.caseFiles.caseFiles.get(referral.caseFileId)!.attachmentIds = [ecg];
    const stray = await call<{ errors: { field: string }[] }>(
      'POST',
      `/v1/referrals/${referral.id}/messages`,
      clinician(),
      { kind: 'clarification-response', text: 'ECG attached.', attachmentIds: [ecg, randomUUID()] },
    );
    expect(stray.status).toBe(422);
    expect(stray.body.errors[0].field).toBe('attachmentIds');
    const response = await call('POST', `/v1/referrals/${referral.id}/messages`, clinician(), {
      kind: 'clarification-response',
      text: 'No syncope. ECG attached.',
      attachmentIds: [ecg],
    });
    expect(response.status).toBe(201);
    const resumed = await call<Referral>('GET', `/v1/referrals/${referral.id}`, clinician());
    expect(resumed.body).toMatchObject({ status: 'in-progress', stage: 'answering' });
    expect(Date.parse(resumed.body.answerDueAt)).toBeGreaterThanOrEqual(Date.parse(held.body.answerDueAt));

    const consult = {
      assessment: 'Probable stable angina',
      advice: 'Aspirin, statin, exercise test at the district hospital',
      recommendation: 'manage-locally',
      followUpInDays: 30,
    };
    const advised = await act(referral.id, 'consult', specialist(doctor), consult);
    expect(advised.status).toBe(200);
    expect(advised.body).toMatchObject({ status: 'in-progress', stage: 'consult-provided' });
    expect(advised.body.consult).toMatchObject({ ...consult, practitionerId: doctor });

    const followUp = await call('POST', `/v1/referrals/${referral.id}/messages`, clinician(), {
      kind: 'follow-up',
      text: 'Exercise test is not available here; what instead?',
    });
    expect(followUp.status).toBe(201);
    expect((await call<Referral>('GET', `/v1/referrals/${referral.id}`, clinician())).body.stage).toBe(
      'answering',
    );
    expect((await act(referral.id, 'consult', specialist(doctor), consult)).status).toBe(200);

    const closed = await act(referral.id, 'close', clinician(), {
      questionAnswered: true,
      travelAvoided: true,
      rating: 5,
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'completed', stage: 'closed' });

    const thread = await call<{ items: { kind: string; attachmentIds: string[] }[] }>(
      'GET',
      `/v1/referrals/${referral.id}/messages`,
      specialist(doctor),
    );
    expect(thread.body.items.map((m) => m.kind)).toEqual([
      'clarification-request',
      'clarification-response',
      'follow-up',
    ]);
    expect(thread.body.items[1].attachmentIds).toEqual([ecg]);

    const history = await call<{ items: Record<string, unknown>[] }>(
      'GET',
      `/v1/referrals/${referral.id}/history`,
      clinician(),
    );
    expect(history.body.items.map((h) => [h.action, h.toStatus, h.toStage])).toEqual([
      ['submit', 'requested', 'pool'],
      ['claim', 'received', 'claimed'],
      ['request-clarification', 'on-hold', 'clarification-requested'],
      ['provide-clarification', 'in-progress', 'answering'],
      ['consult', 'in-progress', 'consult-provided'],
      ['follow-up', 'in-progress', 'answering'],
      ['consult', 'in-progress', 'consult-provided'],
      ['close', 'completed', 'closed'],
    ]);
    expect(history.body.items[1]).toMatchObject({
      fromStatus: 'requested',
      fromStage: 'pool',
      actor: { practitionerId: doctor, organizationId: hospital },
    });

    await recorder.waitFor(
      () => eventsOf(referral.id).includes('referral.closed'),
      'the referral.closed event',
    );
    expect(eventsOf(referral.id)).toEqual([
      'referral.submitted',
      'referral.claimed',
      'referral.clarification_requested',
      'referral.clarification_provided',
      'referral.consult_provided',
      'referral.consult_provided',
      'referral.closed',
    ]);
    const claimedEvent = recorder.messages.find(
      (m) => m.key === referral.id && m.headers.ce_type?.toString() === 'referral.claimed',
    )!;
    expect(JSON.parse(claimedEvent.value!)).toMatchObject({
      referralId: referral.id,
      holderPractitionerId: doctor,
      actor: { practitionerId: doctor },
    });
    expect(claimedEvent.value).not.toContain('chest pain');
    // The consult's event names its recommendation (the report's outcome), never its text.
    const consultEvents = recorder.messages.filter(
      (m) => m.key === referral.id && m.headers.ce_type?.toString() === 'referral.consult_provided',
    );
    for (const event of consultEvents) {
      expect(JSON.parse(event.value!)).toMatchObject({ recommendation: 'manage-locally' });
      expect(event.value).not.toContain('angina');
    }
    const otherEvents = recorder.messages.filter(
      (m) => m.key === referral.id && m.headers.ce_type?.toString() !== 'referral.consult_provided',
    );
    for (const event of otherEvents) expect(JSON.parse(event.value!)).not.toHaveProperty('recommendation');
  });

  it('lets exactly one of many racing specialists claim; the others get 409 naming the state', async () => {
    const doctors = await Promise.all(Array.from({ length: 8 }, () => cardiologist()));
    const referral = await submit();
    const answers = await Promise.all(doctors.map((d) => act(referral.id, 'claim', specialist(d))));
    expect(answers.map((a) => a.status).sort()).toEqual([200, ...Array(7).fill(409)]);
    const winner = doctors[answers.findIndex((a) => a.status === 200)];
    expect(answers.find((a) => a.status === 409)!.body.detail).toContain('status received, stage claimed');
    const [row] = await referrals.dataSource.query(
      `SELECT holder_practitioner_id FROM referral WHERE id = $1`,
      [referral.id],
    );
    expect(row.holder_practitioner_id).toBe(winner);
  });

  it('refuses a claim at capacity (409), counting claims racing by the same specialist', async () => {
    const doctor = await cardiologist({ role: { maxOpenCases: 2 } });
    const pool = await Promise.all(Array.from({ length: 4 }, () => submit()));
    const answers = await Promise.all(pool.map((r) => act(r.id, 'claim', specialist(doctor))));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 409, 409]);
    expect(answers.find((a) => a.status === 409)!.body).toMatchObject({
      type: 'urn:problem-type:specialist-at-capacity',
      openCases: 2,
      maxOpenCases: 2,
    });
    // Releasing one makes room again.
    const holding = pool.filter((_, i) => answers[i].status === 200);
    const free = pool.filter((_, i) => answers[i].status === 409);
    expect(
      (await act(holding[0].id, 'release', specialist(doctor), { reason: 'Out of office' })).status,
    ).toBe(200);
    expect((await act(free[0].id, 'claim', specialist(doctor))).status).toBe(200);
  });

  it('answers 409 naming the current state to actions out of order', async () => {
    const doctor = await cardiologist();
    const referral = await submit();
    const early = await act(referral.id, 'consult', specialist(doctor), {
      assessment: 'x',
      advice: 'y',
      recommendation: 'manage-locally',
    });
    // Not holding it yet: a consult is not theirs to give.
    expect(early.status).toBe(403);
    expect((await act(referral.id, 'claim', specialist(doctor))).status).toBe(200);
    const beforeAccept = await act(referral.id, 'consult', specialist(doctor), {
      assessment: 'x',
      advice: 'y',
      recommendation: 'manage-locally',
    });
    expect(beforeAccept.status).toBe(409);
    expect(beforeAccept.body).toMatchObject({ currentStatus: 'received', currentStage: 'claimed' });
    expect(beforeAccept.body.detail).toContain('status received, stage claimed');

    const response = await call('POST', `/v1/referrals/${referral.id}/messages`, clinician(), {
      kind: 'clarification-response',
      text: 'Nobody asked, but here it is',
    });
    expect(response.status).toBe(409);

    expect(
      (await act(referral.id, 'cancel', clinician(), { reason: 'Patient went to Rawalpindi' })).status,
    ).toBe(200);
    const late = await act(referral.id, 'claim', specialist(await cardiologist()));
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain('status cancelled, stage cancelled');
    expect((await act(referral.id, 'close', clinician(), { questionAnswered: false })).status).toBe(409);
  });

  it('hides a referral from another organization: 404 to close, read, message or cancel it', async () => {
    const referral = await submit();
    const stranger = clinician(randomUUID());
    expect((await act(referral.id, 'close', stranger, { questionAnswered: true })).status).toBe(404);
    expect((await act(referral.id, 'cancel', stranger, { reason: 'Not mine' })).status).toBe(404);
    expect((await call('GET', `/v1/referrals/${referral.id}`, stranger)).status).toBe(404);
    expect((await call('GET', `/v1/referrals/${referral.id}/history`, stranger)).status).toBe(404);
    expect(
      (await call('POST', `/v1/referrals/${referral.id}/messages`, stranger, { kind: 'note', text: 'Hello' }))
        .status,
    ).toBe(404);
    // A specialist of another specialty does not see it in the pool either.
    const dermatologist = (await directory.register({ role: { specialtyCode: 'dermatology' } }))
      .practitionerId;
    expect((await act(referral.id, 'claim', specialist(dermatologist))).status).toBe(404);
  });

  it('validates bodies: decline without a reason, a priority outside the list, an unknown decline reason (422)', async () => {
    const doctor = await cardiologist();
    const referral = await submit();
    expect((await act(referral.id, 'claim', specialist(doctor))).status).toBe(200);
    const noReason = await act(referral.id, 'decline', specialist(doctor), {});
    expect(noReason.status).toBe(422);
    expect((await act(referral.id, 'decline', specialist(doctor), { reason: 'too-busy' })).status).toBe(422);
    const priority = await call('POST', '/v1/referrals', clinician(), {
      ...referralBody({ caseFileId: referrals.caseFiles.add(clinic) }),
      priority: 'whenever',
    });
    expect(priority.status).toBe(422);

    const declined = await act(referral.id, 'decline', specialist(doctor), {
      reason: 'needs-in-person',
      note: 'Needs an echo',
    });
    expect(declined.body).toMatchObject({
      status: 'rejected',
      stage: 'declined',
      holderPractitionerId: doctor,
    });
    const history = await call<{ items: { action: string; reason: string | null }[] }>(
      'GET',
      `/v1/referrals/${referral.id}/history`,
      clinician(),
    );
    expect(history.body.items.at(-1)).toMatchObject({
      action: 'decline',
      reason: 'needs-in-person: Needs an echo',
    });
  });

  it('releases to the pool with fresh deadlines, converts only when allowed', async () => {
    const doctor = await cardiologist();
    const referral = await submit({ allowConversion: false });
    await act(referral.id, 'claim', specialist(doctor));
    const released = await act(referral.id, 'release', specialist(doctor), { reason: 'Going on leave' });
    expect(released.body).toMatchObject({ status: 'requested', stage: 'pool', holderPractitionerId: null });
    expect(Date.parse(released.body.claimDueAt)).toBeGreaterThan(Date.parse(referral.claimDueAt));
    expect((await act(referral.id, 'release', specialist(doctor), { reason: 'again' })).status).toBe(403);
    // The event names who lost it (for their notification and the case file's access), not why.
    const [event] = await referrals.dataSource.query(
      `SELECT payload FROM outbox WHERE key = $1 AND type = 'referral.released'`,
      [referral.id],
    );
    expect(event.payload).toMatchObject({ holderPractitionerId: null, previousHolderPractitionerId: doctor });
    expect(event.payload.reason).toBeUndefined();

    await act(referral.id, 'claim', specialist(doctor));
    await act(referral.id, 'accept', specialist(doctor));
    const refused = await act(referral.id, 'convert', specialist(doctor), {});
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('did not allow conversion');

    const allowed = await submit({ allowConversion: true });
    await act(allowed.id, 'claim', specialist(doctor));
    await act(allowed.id, 'accept', specialist(doctor));
    const converted = await act(allowed.id, 'convert', specialist(doctor), { reason: 'Needs an angiogram' });
    expect(converted.body).toMatchObject({ status: 'completed', stage: 'converted' });
    // The body of convert is optional.
    const bare = await submit({ allowConversion: true });
    await act(bare.id, 'claim', specialist(doctor));
    await act(bare.id, 'accept', specialist(doctor));
    expect((await act(bare.id, 'convert', specialist(doctor))).status).toBe(200);
  });

  it('lets a coordinator of the pool assign a specialist of their organization, and redirect a held one', async () => {
    const [first, second] = [await cardiologist(), await cardiologist()];
    const outsider = (await directory.register({ organizationId: randomUUID() })).practitionerId;
    const referral = await submit();

    expect((await act(referral.id, 'assign', coordinator(), { practitionerId: outsider })).status).toBe(422);
    expect((await act(referral.id, 'assign', coordinator(), { practitionerId: randomUUID() })).status).toBe(
      422,
    );
    // Coordinators of an organization without a role in the specialty do not see it.
    expect(
      (await act(referral.id, 'assign', coordinator(randomUUID()), { practitionerId: first })).status,
    ).toBe(404);

    const assigned = await act(referral.id, 'assign', coordinator(), { practitionerId: first });
    expect(assigned.body).toMatchObject({ stage: 'assigned', targetPractitionerId: first });
    // Only the target may claim an assigned referral; the queue shows it to them.
    expect((await act(referral.id, 'claim', specialist(second))).status).toBe(409);
    const queue = await call<{ items: { referralId: string; stage: string }[] }>(
      'GET',
      '/v1/queue',
      specialist(first),
    );
    expect(queue.body.items).toContainEqual(
      expect.objectContaining({ referralId: referral.id, stage: 'assigned' }),
    );
    expect((await act(referral.id, 'claim', specialist(first))).status).toBe(200);

    const redirected = await act(referral.id, 'assign', coordinator(), { practitionerId: second });
    expect(redirected.body).toMatchObject({
      stage: 'assigned',
      targetPractitionerId: second,
      holderPractitionerId: null,
    });
    await recorder.waitFor(
      () => eventsOf(referral.id).includes('referral.redirected'),
      'referral.redirected',
    );
    expect(eventsOf(referral.id)).toEqual([
      'referral.submitted',
      'referral.assigned',
      'referral.claimed',
      'referral.redirected',
    ]);
    // The target may decline without claiming.
    expect((await act(referral.id, 'decline', specialist(second), { reason: 'out-of-scope' })).status).toBe(
      200,
    );
  });

  it('orders the queue urgent first, then by claim deadline, honouring the language asked for', async () => {
    const specialty = 'nephrology';
    const urduOnly = (await directory.register({ languages: ['ur'], role: { specialtyCode: specialty } }))
      .practitionerId;
    const routine = await submit({ specialtyCode: specialty, priority: 'routine' });
    const urgent = await submit({ specialtyCode: specialty, priority: 'urgent' });
    const sindhi = await submit({ specialtyCode: specialty, priority: 'urgent', requiredLanguage: 'sd' });
    const queue = await call<{ items: { referralId: string }[] }>(
      'GET',
      `/v1/queue?specialty=${specialty}`,
      specialist(urduOnly),
    );
    expect(queue.body.items.map((i) => i.referralId)).toEqual([urgent.id, routine.id]);
    expect((await act(sindhi.id, 'claim', specialist(urduOnly))).status).toBe(404);
    // Another specialty's queue is empty for them.
    expect(
      (await call<{ items: unknown[] }>('GET', '/v1/queue?specialty=dermatology', specialist(urduOnly))).body
        .items,
    ).toEqual([]);
  });

  it('lists what each caller may see, newest first, in pages', async () => {
    const org = randomUUID();
    const mine = [];
    for (let i = 0; i < 5; i++) {
      const answer = await call<Referral>(
        'POST',
        '/v1/referrals',
        clinician(org),
        referralBody({ caseFileId: referrals.caseFiles.add(org), priority: i % 2 ? 'urgent' : 'routine' }),
      );
      mine.push(answer.body);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page: Answer<{ items: Referral[]; nextCursor: string | null }> = await call(
        'GET',
        `/v1/referrals?limit=2${query}`,
        clinician(org),
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((r) => r.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(mine.map((r) => r.id).reverse());

    const urgent = await call<{ items: Referral[] }>('GET', '/v1/referrals?priority=urgent', clinician(org));
    expect(urgent.body.items.map((r) => r.id).sort()).toEqual([mine[1].id, mine[3].id].sort());
    expect((await call('GET', '/v1/referrals?cursor=nonsense', clinician(org))).status).toBe(422);

    // The partner system of the clinic sees them too; a partner of another organization does not.
    const partner = await call<{ items: Referral[] }>('GET', '/v1/referrals', tokenOf(org, ['partner']));
    expect(partner.body.items.map((r) => r.id).sort()).toEqual(mine.map((r) => r.id).sort());
    expect(
      (await call<{ items: Referral[] }>('GET', '/v1/referrals', tokenOf(randomUUID(), ['partner']))).body
        .items,
    ).toEqual([]);

    // A specialist sees what they hold; a coordinator of the pool sees the pool.
    const doctor = await cardiologist();
    await call('POST', `/v1/referrals/${mine[0].id}/claim`, specialist(doctor));
    const held = await call<{ items: Referral[] }>('GET', '/v1/referrals', specialist(doctor));
    expect(held.body.items.map((r) => r.id)).toEqual([mine[0].id]);
    const pool = await call<{ items: Referral[] }>(
      'GET',
      '/v1/referrals?limit=100&stage=pool',
      coordinator(),
    );
    expect(pool.body.items.map((r) => r.id)).toEqual(expect.arrayContaining(mine.slice(1).map((r) => r.id)));
  });
});
