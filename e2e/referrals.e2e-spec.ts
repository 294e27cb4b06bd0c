import { randomUUID } from 'node:crypto';
import type { ApiClient, ApiSchemas } from '@referral/api-client';
import { dataschemaOf, TOPICS } from '@referral/contracts';
import {
  testInfrastructure,
  testKafka,
  TopicRecorder,
  waitUntil,
  type ReceivedMessage,
  type RunningStack,
} from '@referral/testing';
import { createCaseFile, syntheticCnic } from './support/case-files';
import { registerClient, type IssuedClient } from './support/clients';
import {
  adminClient,
  createHospital,
  pmdc,
  registerSpecialist as registerSpecialistIn,
} from './support/directory';
import { startE2eStack } from './support/stack';

type Referral = ApiSchemas['ReferralResource'];
type QueueItem = ApiSchemas['QueueItem'];
type MessageKind = ApiSchemas['PostMessageRequest']['kind'];

const SPECIALTY = 'cardiology';
/** The clinic doctor's (synthetic) mobile number, E.164. */
const GP_PHONE = '+923005550199';
const QUESTION =
  'Exertional chest pain for two weeks with ST depression in V4–V6: manage here as stable angina, or send for angiography?';
const CLARIFICATION_REQUEST = 'Any syncope or pain at rest? Please send the latest troponin.';
const CLARIFICATION_RESPONSE = 'No syncope, no pain at rest. Troponin negative at 6 hours.';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A unique synthetic PMDC registration number. */

/**
 * The e-consult workflow through the gateway with every service running as an operator runs it: a
 * clinic asks about a case file of its own, a cardiologist registered in the directory (whose events
 * reach the referrals service's projection over Kafka) finds it de-identified in the queue, claims
 * it, asks for clarification, answers, and the clinic closes it. Every transition is in the history,
 * every event on Kafka with its CloudEvents headers, and the case file opens to the specialist (a
 * grant that travels from referrals to case-files over Kafka) only while they hold the referral.
 */
describe('referrals through the gateway: the e-consult loop with every service running', () => {
  let stack: RunningStack;
  let admin: ApiClient;
  let recorder: TopicRecorder;
  let hospitalId: string;
  /** The clinic's clinician (with a practitioner id), its partner system, a clinician elsewhere. */
  let clinician: IssuedClient;
  let partner: IssuedClient;
  let stranger: IssuedClient;
  /** Two cardiologists of the hospital, registered in the directory, each with an API client of their own. */
  let cardiologist: IssuedClient;
  let colleague: IssuedClient;

  const path = (id: string) => ({ params: { path: { id } } });

  const registerSpecialist = (name: string) =>
    registerSpecialistIn(stack.gateway, admin, { name, hospitalId, specialtyCode: SPECIALTY });

  /** A synthetic patient of the clinic, with a CNIC and a phone to look for where they must not be. */
  const clinicCaseFile = () =>
    createCaseFile(clinician, {
      patient: {
        name: 'Bibi Zainab',
        sex: 'female',
        ageYears: 52,
        cnic: syntheticCnic(),
        phone: '0300-5551234',
      },
      chiefComplaint: 'Exertional chest pain for two weeks',
    });

  function submit(caseFileId: string, overrides: Partial<ApiSchemas['SubmitReferralRequest']> = {}) {
    return clinician.api.POST('/v1/referrals', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: {
        caseFileId,
        specialtyCode: SPECIALTY,
        priority: 'urgent',
        question: QUESTION,
        allowConversion: false,
        ...overrides,
      },
    });
  }

  async function submitted(caseFileId: string): Promise<Referral> {
    const { data, error, response } = await submit(caseFileId);
    expect({ status: response.status, error }).toEqual({ status: 201, error: undefined });
    return data!;
  }

  async function queueItem(who: IssuedClient, referralId: string): Promise<QueueItem | undefined> {
    const { data, response } = await who.api.GET('/v1/queue', {
      params: { query: { specialty: SPECIALTY, limit: 100 } },
    });
    expect(response.status).toBe(200);
    return data!.items.find((item) => item.referralId === referralId);
  }

  /**
   * The referral as it shows in the specialist's queue, once the referrals service's projection of
   * the directory's events knows them as eligible (the directory and referrals talk only over Kafka).
   */
  async function inQueueOf(who: IssuedClient, referralId: string): Promise<QueueItem> {
    let item: QueueItem | undefined;
    await waitUntil(
      async () => (item = await queueItem(who, referralId)) !== undefined,
      `referral ${referralId} in the queue of practitioner ${who.practitionerId}`,
      60_000,
      250,
    );
    return item!;
  }

  const claim = (who: IssuedClient, id: string) => who.api.POST('/v1/referrals/{id}/claim', path(id));
  const read = (who: IssuedClient, id: string) => who.api.GET('/v1/referrals/{id}', path(id));
  const message = (who: IssuedClient, id: string, kind: MessageKind, text: string) =>
    who.api.POST('/v1/referrals/{id}/messages', { params: { path: { id } }, body: { kind, text } });
  const caseFileStatus = async (who: IssuedClient, caseFileId: string) =>
    (await who.api.GET('/v1/case-files/{id}', path(caseFileId))).response.status;
  const patientStatus = async (who: IssuedClient, patientId: string) =>
    (await who.api.GET('/v1/patients/{id}', path(patientId))).response.status;

  async function claimed(who: IssuedClient, id: string): Promise<Referral> {
    await inQueueOf(who, id);
    const { data, response } = await claim(who, id);
    expect(response.status).toBe(200);
    return data!;
  }

  /** The events recorded for a referral (its key), in the order of the topic's partition. */
  const eventsOf = (id: string): ReceivedMessage[] => recorder.messages.filter((m) => m.key === id);

  beforeAll(async () => {
    const infra = await testInfrastructure();
    stack = await startE2eStack(infra);
    admin = await adminClient(stack.gateway);
    hospitalId = await createHospital(admin);
    const clinic = await admin.POST('/v1/organizations', {
      body: { name: 'BHU Dhudial', kind: 'clinic', district: 'Chakwal', province: 'punjab' },
    });
    expect(clinic.response.status).toBe(201);
    const clinicId = clinic.data!.id;

    // The clinic's doctor is in the directory too: notifications finds their phone there.
    const doctor = await admin.POST('/v1/practitioners', {
      body: {
        name: 'Dr. Nadia Aslam',
        pmdcNumber: pmdc(),
        licenceType: 'full',
        licenceExpiresOn: '2031-06-30',
        phone: GP_PHONE,
        languages: ['en', 'ur'],
        organizationId: clinicId,
      },
    });
    expect(doctor.response.status).toBe(201);
    clinician = await registerClient(stack.gateway, ['clinician'], clinicId, doctor.data!.id);
    partner = await registerClient(stack.gateway, ['partner'], clinicId, null);
    stranger = await registerClient(stack.gateway, ['clinician']);
    cardiologist = await registerSpecialist('Dr. Ayesha Siddiqui');
    colleague = await registerSpecialist('Dr. Imran Qureshi');
    recorder = await new TopicRecorder(testKafka(infra.kafkaBrokers), [TOPICS.referral]).start();
  }, 240_000);

  afterAll(async () => {
    await recorder?.stop();
    await stack?.stop();
  }, 120_000);

  it('runs the whole loop: submit, de-identified queue, claim, clarify, respond, consult, close — with history, thread and events on Kafka', async () => {
    const file = await clinicCaseFile();

    // Submit: the Idempotency-Key replays the first answer.
    const key = randomUUID();
    const body = {
      caseFileId: file.caseFileId,
      specialtyCode: SPECIALTY,
      priority: 'urgent' as const,
      question: QUESTION,
      allowConversion: false,
    };
    const first = await clinician.api.POST('/v1/referrals', {
      params: { header: { 'Idempotency-Key': key } },
      body,
    });
    expect(first.response.status).toBe(201);
    const referral = first.data!;
    expect(referral).toMatchObject({
      status: 'requested',
      stage: 'pool',
      priority: 'urgent',
      specialtyCode: SPECIALTY,
      caseFileId: file.caseFileId,
      patientId: file.patientId,
      referringOrganizationId: clinician.organizationId,
      referringPractitionerId: clinician.practitionerId,
      holderPractitionerId: null,
    });
    const replay = await clinician.api.POST('/v1/referrals', {
      params: { header: { 'Idempotency-Key': key } },
      body,
    });
    expect(replay.response.status).toBe(201);
    expect(replay.response.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.data).toEqual(referral);

    // The queue: de-identified, with the patient's age band and sex.
    const item = await inQueueOf(cardiologist, referral.id);
    expect(item).toMatchObject({
      referralId: referral.id,
      specialtyCode: SPECIALTY,
      priority: 'urgent',
      question: QUESTION,
      ageBand: '45-64',
      sex: 'female',
      stage: 'pool',
      claimDueAt: referral.claimDueAt,
    });
    expect(item).not.toHaveProperty('caseFileId');
    expect(item).not.toHaveProperty('patientId');
    const text = JSON.stringify(item);
    for (const identity of [file.caseFileId, file.patientId, 'Zainab', file.patient.cnic!, '5551234']) {
      expect({ identity, found: text.includes(identity) }).toEqual({ identity, found: false });
    }
    // Eligible specialists know it only through the queue until they hold it.
    expect((await read(colleague, referral.id)).response.status).toBe(404);
    await inQueueOf(colleague, referral.id);

    // Claim: the holder's repeated claim is answered alike; anyone else gets 409 naming the state.
    const held = await claim(cardiologist, referral.id);
    expect(held.response.status).toBe(200);
    expect(held.data).toMatchObject({
      status: 'received',
      stage: 'claimed',
      holderPractitionerId: cardiologist.practitionerId,
    });
    const again = await claim(cardiologist, referral.id);
    expect(again.response.status).toBe(200);
    expect(again.data!.holderPractitionerId).toBe(cardiologist.practitionerId);
    const taken = await claim(colleague, referral.id);
    expect(taken.response.status).toBe(409);
    expect(taken.response.headers.get('content-type')).toContain('application/problem+json');
    expect(taken.error).toMatchObject({ status: 409 });
    expect((taken.error as { detail: string }).detail).toContain('status received, stage claimed');
    expect(await queueItem(colleague, referral.id)).toBeUndefined();
    expect((await read(cardiologist, referral.id)).data).toMatchObject({ patientId: file.patientId });

    // Clarification: the question puts it on hold, the clinic's answer resumes it.
    const asked = await message(cardiologist, referral.id, 'clarification-request', CLARIFICATION_REQUEST);
    expect(asked.response.status).toBe(201);
    expect(asked.data).toMatchObject({
      kind: 'clarification-request',
      side: 'specialist',
      authorPractitionerId: cardiologist.practitionerId,
    });
    expect((await read(clinician, referral.id)).data).toMatchObject({
      status: 'on-hold',
      stage: 'clarification-requested',
    });
    const answered = await message(clinician, referral.id, 'clarification-response', CLARIFICATION_RESPONSE);
    expect(answered.response.status).toBe(201);
    expect(answered.data).toMatchObject({ kind: 'clarification-response', side: 'referrer' });
    expect((await read(cardiologist, referral.id)).data).toMatchObject({
      status: 'in-progress',
      stage: 'answering',
    });

    // The advice, and the clinic closes the referral.
    const consult = {
      assessment: 'Probable stable angina, low risk',
      advice: 'Aspirin 75 mg, atorvastatin 40 mg, sublingual GTN as needed; exercise test at the DHQ',
      recommendation: 'manage-locally' as const,
      followUpInDays: 30,
    };
    const advised = await cardiologist.api.POST('/v1/referrals/{id}/consult', {
      params: { path: { id: referral.id } },
      body: consult,
    });
    expect(advised.response.status).toBe(200);
    expect(advised.data).toMatchObject({ status: 'in-progress', stage: 'consult-provided' });
    expect(advised.data!.consult).toMatchObject({ ...consult, practitionerId: cardiologist.practitionerId });
    const closed = await clinician.api.POST('/v1/referrals/{id}/close', {
      params: { path: { id: referral.id } },
      body: { questionAnswered: true, travelAvoided: true, rating: 5, comment: 'Clear advice' },
    });
    expect(closed.response.status).toBe(200);
    expect(closed.data).toMatchObject({ status: 'completed', stage: 'closed' });

    // The history: every transition, oldest first, with who did it.
    const history = await clinician.api.GET('/v1/referrals/{id}/history', path(referral.id));
    expect(history.response.status).toBe(200);
    const entries = history.data!.items;
    expect(entries.map((h) => [h.action, h.fromStatus, h.fromStage, h.toStatus, h.toStage])).toEqual([
      ['submit', null, null, 'requested', 'pool'],
      ['claim', 'requested', 'pool', 'received', 'claimed'],
      ['request-clarification', 'received', 'claimed', 'on-hold', 'clarification-requested'],
      ['provide-clarification', 'on-hold', 'clarification-requested', 'in-progress', 'answering'],
      ['consult', 'in-progress', 'answering', 'in-progress', 'consult-provided'],
      ['close', 'in-progress', 'consult-provided', 'completed', 'closed'],
    ]);
    expect(entries.map((h) => h.actor)).toEqual([
      {
        clientId: clinician.clientId,
        practitionerId: clinician.practitionerId,
        organizationId: clinician.organizationId,
      },
      {
        clientId: cardiologist.clientId,
        practitionerId: cardiologist.practitionerId,
        organizationId: hospitalId,
      },
      {
        clientId: cardiologist.clientId,
        practitionerId: cardiologist.practitionerId,
        organizationId: hospitalId,
      },
      {
        clientId: clinician.clientId,
        practitionerId: clinician.practitionerId,
        organizationId: clinician.organizationId,
      },
      {
        clientId: cardiologist.clientId,
        practitionerId: cardiologist.practitionerId,
        organizationId: hospitalId,
      },
      {
        clientId: clinician.clientId,
        practitionerId: clinician.practitionerId,
        organizationId: clinician.organizationId,
      },
    ]);
    const times = entries.map((h) => Date.parse(h.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // Through the gateway a page at a time: `limit` and `cursor` reach the service, each entry once.
    const firstPage = await clinician.api.GET('/v1/referrals/{id}/history', {
      params: { path: { id: referral.id }, query: { limit: 4 } },
    });
    expect(firstPage.response.status).toBe(200);
    expect(firstPage.data!.nextCursor).toEqual(expect.any(String));
    const rest = await clinician.api.GET('/v1/referrals/{id}/history', {
      params: { path: { id: referral.id }, query: { limit: 4, cursor: firstPage.data!.nextCursor! } },
    });
    expect(rest.response.status).toBe(200);
    expect(rest.data!.nextCursor).toBeNull();
    expect([...firstPage.data!.items, ...rest.data!.items]).toEqual(entries);

    // The thread, the same for both sides.
    for (const side of [clinician, cardiologist]) {
      const thread = await side.api.GET('/v1/referrals/{id}/messages', path(referral.id));
      expect(thread.response.status).toBe(200);
      expect(thread.data!.items.map((m) => [m.kind, m.side, m.text])).toEqual([
        ['clarification-request', 'specialist', CLARIFICATION_REQUEST],
        ['clarification-response', 'referrer', CLARIFICATION_RESPONSE],
      ]);
      const one = await side.api.GET('/v1/referrals/{id}/messages', {
        params: { path: { id: referral.id }, query: { limit: 1 } },
      });
      const two = await side.api.GET('/v1/referrals/{id}/messages', {
        params: { path: { id: referral.id }, query: { limit: 1, cursor: one.data!.nextCursor! } },
      });
      expect([one.response.status, two.response.status, two.data!.nextCursor]).toEqual([200, 200, null]);
      expect([...one.data!.items, ...two.data!.items]).toEqual(thread.data!.items);
    }

    // The events on Kafka, in order, each a CloudEvent keyed by the referral, thin.
    await recorder.waitFor(
      () => eventsOf(referral.id).some((m) => m.headers.ce_type === 'referral.closed'),
      `referral.closed for ${referral.id}`,
    );
    const events = eventsOf(referral.id);
    expect(events.map((m) => m.headers.ce_type)).toEqual([
      'referral.submitted',
      'referral.claimed',
      'referral.clarification_requested',
      'referral.clarification_provided',
      'referral.consult_provided',
      'referral.closed',
    ]);
    expect(events.map((m) => JSON.parse(m.value!) as Record<string, unknown>)).toEqual(
      [
        ['requested', 'pool', null],
        ['received', 'claimed', cardiologist.practitionerId],
        ['on-hold', 'clarification-requested', cardiologist.practitionerId],
        ['in-progress', 'answering', cardiologist.practitionerId],
        ['in-progress', 'consult-provided', cardiologist.practitionerId],
        ['completed', 'closed', cardiologist.practitionerId],
      ].map(([status, stage, holderPractitionerId]) =>
        expect.objectContaining({
          referralId: referral.id,
          caseFileId: file.caseFileId,
          status,
          stage,
          holderPractitionerId,
        }),
      ),
    );
    for (const event of events) {
      expect(event.headers).toMatchObject({
        ce_specversion: '1.0',
        ce_source: '/referrals',
        ce_subject: referral.id,
        ce_dataschema: dataschemaOf(TOPICS.referral),
        'content-type': expect.stringContaining('application/json'),
      });
      expect(event.headers.ce_id).toMatch(UUID);
      expect(new Date(event.headers.ce_time).toISOString()).toBe(event.headers.ce_time);
      const forbidden = [
        QUESTION,
        CLARIFICATION_REQUEST,
        CLARIFICATION_RESPONSE,
        consult.advice,
        file.patientId,
        'Zainab',
        file.patient.cnic!,
        '5551234',
      ];
      for (const text of forbidden) {
        expect({ type: event.headers.ce_type, text, found: event.value!.includes(text) }).toEqual({
          type: event.headers.ce_type,
          text,
          found: false,
        });
      }
    }
    expect(new Set(events.map((m) => m.headers.ce_id)).size).toBe(events.length);

    // Notifications: the clinic's doctor heard of each step in the inbox, and by SMS on the phone the
    // directory has for them (its development sink, inspected by the admin) — never the patient.
    const inboxTypes = async () =>
      (
        (await clinician.api.GET('/v1/notifications', { params: { query: { referralId: referral.id } } }))
          .data?.items ?? []
      ).map((n) => n.type);
    await waitUntil(
      async () => (await inboxTypes()).includes('referral.consult_provided'),
      'the consult in the inbox',
    );
    expect((await inboxTypes()).sort()).toEqual(
      ['referral.claimed', 'referral.clarification_requested', 'referral.consult_provided'].sort(),
    );
    const smsForTheDoctor = async () =>
      (
        await admin.GET('/v1/admin/outbound-messages', {
          params: { query: { referralId: referral.id, channel: 'sms', recipient: GP_PHONE } },
        })
      ).data?.items ?? [];
    await waitUntil(
      async () => (await smsForTheDoctor()).length >= 3,
      'three SMS to the clinic’s doctor',
      90_000,
    );
    const sms = await smsForTheDoctor();
    expect(sms.map((m) => m.template).sort()).toEqual(
      ['referral.claimed', 'referral.clarification_requested', 'referral.consult_provided'].sort(),
    );
    for (const message of sms) {
      expect(message).toMatchObject({ status: 'sent', recipientPractitionerId: clinician.practitionerId });
      expect(message.text).toContain(referral.id.slice(0, 8).toUpperCase());
      for (const text of [QUESTION, 'Zainab', file.patient.cnic!, '5551234'])
        expect(message.text).not.toContain(text);
    }
  });

  it('opens the case file to the specialist only while they hold the referral (the grant travels over Kafka)', async () => {
    const file = await clinicCaseFile();
    const referral = await submitted(file.caseFileId);
    await inQueueOf(cardiologist, referral.id);
    expect(await caseFileStatus(cardiologist, file.caseFileId)).toBe(404);
    expect(await patientStatus(cardiologist, file.patientId)).toBe(404);

    await claimed(cardiologist, referral.id);
    await waitUntil(
      async () => (await caseFileStatus(cardiologist, file.caseFileId)) === 200,
      'the case file readable by its holder',
      30_000,
      250,
    );
    const opened = await cardiologist.api.GET('/v1/case-files/{id}', path(file.caseFileId));
    expect(opened.data).toMatchObject({ id: file.caseFileId, patientId: file.patientId });
    // Another specialist of the pool does not read it.
    expect(await caseFileStatus(colleague, file.caseFileId)).toBe(404);
    // Nor the patient; the holder does, the CNIC masked.
    const patient = await cardiologist.api.GET('/v1/patients/{id}', path(file.patientId));
    expect(patient.response.status).toBe(200);
    expect(patient.data).toMatchObject({
      id: file.patientId,
      cnicMasked: expect.stringMatching(/^\*{5}-\*{7}-\d$/),
    });
    expect(JSON.stringify(patient.data)).not.toContain(file.patient.cnic!.replace(/-/g, ''));
    expect(await patientStatus(colleague, file.patientId)).toBe(404);

    const released = await cardiologist.api.POST('/v1/referrals/{id}/release', {
      params: { path: { id: referral.id } },
      body: { reason: 'On leave from tomorrow' },
    });
    expect(released.response.status).toBe(200);
    expect(released.data).toMatchObject({ status: 'requested', stage: 'pool', holderPractitionerId: null });
    await waitUntil(
      async () => (await caseFileStatus(cardiologist, file.caseFileId)) === 404,
      'the case file closed to the former holder',
      30_000,
      250,
    );
    expect(await patientStatus(cardiologist, file.patientId)).toBe(404);
    // Back in the pool: in the queue again.
    expect(await inQueueOf(colleague, referral.id)).toMatchObject({ stage: 'pool' });
  });

  it('refuses bad input through the gateway: 404, 422 and 409 with the state in detail', async () => {
    const file = await clinicCaseFile();

    // A case file of another organization: the clinic may not know it exists.
    const theirs = await createCaseFile(stranger);
    const foreign = await submit(theirs.caseFileId);
    expect(foreign.response.status).toBe(404);
    expect(foreign.response.headers.get('content-type')).toContain('application/problem+json');
    expect(foreign.error).toMatchObject({ type: 'urn:problem-type:not-found', status: 404 });
    // No case file at all: 404 too.
    expect((await submit(randomUUID())).response.status).toBe(404);

    const unknownSpecialty = await submit(file.caseFileId, { specialtyCode: 'astrology' });
    expect(unknownSpecialty.response.status).toBe(422);
    expect(JSON.stringify(unknownSpecialty.error)).toContain('specialtyCode');
    const priority = await submit(file.caseFileId, { priority: 'whenever' as never });
    expect(priority.response.status).toBe(422);
    expect(JSON.stringify(priority.error)).toContain('priority');
    const target = await submit(file.caseFileId, { targetPractitionerId: randomUUID() });
    expect(target.response.status).toBe(422);
    expect(JSON.stringify(target.error)).toContain('targetPractitionerId');

    // On a held referral: decline without a reason, and a clarification response nobody asked for.
    const referral = await submitted(file.caseFileId);
    await claimed(colleague, referral.id);
    const noReason = await colleague.api.POST('/v1/referrals/{id}/decline', {
      params: { path: { id: referral.id } },
      body: {} as never,
    });
    expect(noReason.response.status).toBe(422);
    expect(JSON.stringify(noReason.error)).toContain('reason');
    const unasked = await message(
      clinician,
      referral.id,
      'clarification-response',
      'Nobody asked, but here it is',
    );
    expect(unasked.response.status).toBe(409);
    expect(unasked.error).toMatchObject({ status: 409 });
    expect((unasked.error as { detail: string }).detail).toContain('status received, stage claimed');
    const declined = await colleague.api.POST('/v1/referrals/{id}/decline', {
      params: { path: { id: referral.id } },
      body: { reason: 'needs-in-person', note: 'Needs an echo first' },
    });
    expect(declined.data).toMatchObject({ status: 'rejected', stage: 'declined' });

    // A closed referral cannot be claimed.
    const done = await submitted(file.caseFileId);
    await claimed(cardiologist, done.id);
    expect((await cardiologist.api.POST('/v1/referrals/{id}/accept', path(done.id))).response.status).toBe(
      200,
    );
    const advised = await cardiologist.api.POST('/v1/referrals/{id}/consult', {
      params: { path: { id: done.id } },
      body: {
        assessment: 'Musculoskeletal',
        advice: 'Paracetamol, review in a week',
        recommendation: 'manage-locally',
      },
    });
    expect(advised.response.status).toBe(200);
    const closed = await clinician.api.POST('/v1/referrals/{id}/close', {
      params: { path: { id: done.id } },
      body: { questionAnswered: true },
    });
    expect(closed.response.status).toBe(200);
    const late = await claim(colleague, done.id);
    expect(late.response.status).toBe(409);
    expect(late.response.headers.get('content-type')).toContain('application/problem+json');
    expect(late.error).toMatchObject({ status: 409 });
    expect((late.error as { detail: string }).detail).toContain('status completed, stage closed');
  });

  it("shows the referral to the clinic's partner system and hides it from another organization", async () => {
    const file = await clinicCaseFile();
    const referral = await submitted(file.caseFileId);

    const listed = await partner.api.GET('/v1/referrals', { params: { query: { limit: 100 } } });
    expect(listed.response.status).toBe(200);
    expect(listed.data!.items.map((r) => r.id)).toContain(referral.id);
    expect((await read(partner, referral.id)).data).toMatchObject({ id: referral.id, status: 'requested' });
    // The partner integrates; it does not act on referrals as a clinician.
    const submittedByPartner = await partner.api.POST('/v1/referrals', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: {
        caseFileId: file.caseFileId,
        specialtyCode: SPECIALTY,
        priority: 'routine',
        question: QUESTION,
        allowConversion: false,
      },
    });
    expect(submittedByPartner.response.status).toBe(403);

    // A clinician of another organization: not allowed to know it exists.
    const readByStranger = await read(stranger, referral.id);
    expect(readByStranger.response.status).toBe(404);
    expect(readByStranger.error).toMatchObject({ type: 'urn:problem-type:not-found', status: 404 });
    expect((await stranger.api.GET('/v1/referrals/{id}/history', path(referral.id))).response.status).toBe(
      404,
    );
    expect((await message(stranger, referral.id, 'note', 'Hello')).response.status).toBe(404);
    const cancel = await stranger.api.POST('/v1/referrals/{id}/cancel', {
      params: { path: { id: referral.id } },
      body: { reason: 'Not mine' },
    });
    expect(cancel.response.status).toBe(404);
    const strangersList = await stranger.api.GET('/v1/referrals', { params: { query: { limit: 100 } } });
    expect(strangersList.data!.items.map((r) => r.id)).not.toContain(referral.id);
    // The clinic itself still sees it, unchanged.
    expect((await read(clinician, referral.id)).data).toMatchObject({ status: 'requested', stage: 'pool' });
  });
});
