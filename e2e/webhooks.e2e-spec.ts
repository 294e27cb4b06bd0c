import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { createApiClient, type ApiClient } from '@referral/api-client';
import { TOPICS } from '@referral/contracts';
import {
  startStack,
  testInfrastructure,
  testKafka,
  TopicRecorder,
  waitUntil,
  WebhookReceiver,
  type ReceivedWebhook,
  type RunningStack,
} from '@referral/testing';
import { BOOTSTRAP_ADMIN, obtainToken, registerClient, type IssuedClient } from './support/clients';

const LIFECYCLE = [
  'referral.submitted',
  'referral.claimed',
  'referral.accepted',
  'referral.clarification_requested',
  'referral.clarification_provided',
  'referral.consult_provided',
  'referral.closed',
];
const QUESTION = 'Annular scaly plaque on the forearm for three weeks: tinea corporis or nummular eczema?';

/**
 * Webhooks to partner systems with every service running: partners register endpoints through the
 * gateway, a referral goes through its whole lifecycle, and real HTTP receivers check every delivery's
 * signature with the `standardwebhooks` package — while failing the first two attempts of each message,
 * and while the notifications service is killed mid-batch.
 */
describe('webhooks to partner systems through the gateway', () => {
  let stack: RunningStack;
  let admin: ApiClient;
  let recorder: TopicRecorder;
  let notificationsDb: Client;
  let clinic: IssuedClient;
  let clinicPartner: IssuedClient;
  let hospitalPartner: IssuedClient;
  let specialist: IssuedClient;
  let caseFileId: string;
  const receivers: WebhookReceiver[] = [];

  const key = () => ({ params: { header: { 'Idempotency-Key': randomUUID() } } });

  beforeAll(async () => {
    const infra = await testInfrastructure();
    stack = await startStack(infra, {
      basePort: 3260,
      env: {
        // The receivers of this test listen on 127.0.0.1; fast retries and checks.
        WEBHOOK_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
        WEBHOOK_RETRY_SCHEDULE: '0,300ms,300ms,1s,2s',
        WEBHOOK_POLL_INTERVAL_MS: '200',
        WEBHOOK_TIMEOUT_MS: '3000',
      },
    });
    admin = createApiClient(stack.gateway, {
      token: await obtainToken(stack.gateway, BOOTSTRAP_ADMIN.clientId, BOOTSTRAP_ADMIN.clientSecret),
    });
    const organization = async (name: string, kind: 'clinic' | 'hospital') => {
      const { data, response } = await admin.POST('/v1/organizations', {
        body: { name, kind, district: 'Chakwal', province: 'punjab' },
      });
      expect(response.status).toBe(201);
      return data!.id;
    };
    const clinicId = await organization('RHU Choa Saidan Shah', 'clinic');
    const hospitalId = await organization('DHQ Hospital Chakwal', 'hospital');
    clinic = await registerClient(stack.gateway, ['clinician'], clinicId);
    clinicPartner = await registerClient(stack.gateway, ['partner'], clinicId, null);
    hospitalPartner = await registerClient(stack.gateway, ['partner'], hospitalId, null);

    const practitioner = await admin.POST('/v1/practitioners', {
      body: {
        name: 'Dr. Sana Mirza (synthetic)',
        pmdcNumber: `PMDC-${Math.floor(Math.random() * 1e9)}-P`,
        licenceType: 'full',
        licenceExpiresOn: '2030-12-31',
        phone: '+92 321 5550199',
        languages: ['ur', 'en'],
        organizationId: hospitalId,
      } as never,
    });
    expect(practitioner.response.status).toBe(201);
    const practitionerId = practitioner.data!.id;
    const role = await admin.POST('/v1/practitioners/{id}/roles', {
      params: { path: { id: practitionerId } },
      body: { specialtyCode: 'dermatology', organizationId: hospitalId, maxOpenCases: 20 },
    });
    expect(role.response.status).toBe(201);
    specialist = await registerClient(stack.gateway, ['specialist'], hospitalId, practitionerId);

    const patient = await clinic.api.POST('/v1/patients', {
      ...key(),
      body: { name: 'Synthetic Patient', sex: 'female', ageYears: 41, district: 'Chakwal' } as never,
    });
    const caseFile = await clinic.api.POST('/v1/case-files', {
      ...key(),
      body: { patientId: patient.data!.id, chiefComplaint: 'Itchy annular rash on the forearm' } as never,
    });
    expect(caseFile.response.status).toBe(201);
    caseFileId = caseFile.data!.id;

    notificationsDb = new Client({ connectionString: stack.databaseUrl('notifications') });
    await notificationsDb.connect();
    // Notifications learns of the specialist's role from the directory's events before it is needed.
    await waitUntil(
      async () =>
        (
          await notificationsDb.query(
            `SELECT 1 FROM directory_practitioner_role WHERE practitioner_id = $1 AND organization_id = $2`,
            [practitionerId, hospitalId],
          )
        ).rowCount === 1,
      'the specialist in the notifications projection',
    );
    recorder = await new TopicRecorder(testKafka(infra.kafkaBrokers), [TOPICS.referral]).start();
  }, 240_000);

  afterAll(async () => {
    await recorder?.stop();
    await notificationsDb?.end();
    for (const receiver of receivers) await receiver.stop();
    await stack?.stop();
  }, 120_000);

  async function receiver(respond?: ConstructorParameters<typeof WebhookReceiver>[0]) {
    const started = await new WebhookReceiver(respond).start();
    receivers.push(started);
    return started;
  }

  async function register(partner: IssuedClient, at: WebhookReceiver, eventTypes: string[]) {
    const { data, response } = await partner.api.POST('/v1/webhook-endpoints', {
      body: { url: at.url(), eventTypes, description: 'e2e receiver' },
    });
    expect(response.status).toBe(201);
    return data!;
  }

  async function submit() {
    const { data, response } = await clinic.api.POST('/v1/referrals', {
      ...key(),
      body: {
        caseFileId,
        specialtyCode: 'dermatology',
        priority: 'routine',
        question: QUESTION,
        allowConversion: false,
      },
    });
    expect(response.status).toBe(201);
    return data!;
  }

  /** The CloudEvents ids of a referral's events, by type, as published on Kafka. */
  async function eventIds(referralId: string, count: number): Promise<Map<string, string>> {
    const messages = await recorder.waitFor(
      (all) => all.filter((m) => m.key === referralId).length >= count,
      `${count} events of referral ${referralId}`,
    );
    return new Map(
      messages.filter((m) => m.key === referralId).map((m) => [m.headers.ce_type, m.headers.ce_id]),
    );
  }

  const verify = (secret: string, hook: ReceivedWebhook) =>
    new Webhook(secret).verify(hook.body, hook.headers as Record<string, string>) as {
      type: string;
      data: { referralId: string; status: string; stage: string };
    };

  it('delivers every event of a referral’s lifecycle, signed, exactly once each although the receiver fails the first two attempts', async () => {
    // The clinic's system fails each message twice (500, then 503) before taking it.
    const clinicAt = await receiver((hook) => ({ status: [500, 503][hook.arrival - 1] ?? 204 }));
    const hospitalAt = await receiver();
    const clinicEndpoint = await register(clinicPartner, clinicAt, ['referral.*']);
    const hospitalEndpoint = await register(hospitalPartner, hospitalAt, ['*']);
    expect(clinicEndpoint.secret).toMatch(/^whsec_/);

    const referral = await submit();
    const path = { params: { path: { id: referral.id } } };
    await waitUntil(
      async () => (await specialist.api.POST('/v1/referrals/{id}/claim', path)).response.status === 200,
      'the specialist may claim (the referrals projection has them)',
    );
    expect((await specialist.api.POST('/v1/referrals/{id}/accept', path)).response.status).toBe(200);
    const asked = await specialist.api.POST('/v1/referrals/{id}/messages', {
      ...path,
      body: { kind: 'clarification-request', text: 'Is it itchy at night? Any pets at home?' },
    });
    expect(asked.response.status).toBe(201);
    const answered = await clinic.api.POST('/v1/referrals/{id}/messages', {
      ...path,
      body: { kind: 'clarification-response', text: 'Yes at night; a new kitten at home.' },
    });
    expect(answered.response.status).toBe(201);
    const consult = await specialist.api.POST('/v1/referrals/{id}/consult', {
      ...path,
      body: {
        assessment: 'Tinea corporis, likely from the kitten',
        advice: 'Topical terbinafine twice daily for two weeks; treat the kitten',
        recommendation: 'manage-locally',
      },
    });
    expect(consult.response.status).toBe(200);
    const closed = await clinic.api.POST('/v1/referrals/{id}/close', {
      ...path,
      body: { questionAnswered: true, travelAvoided: true, rating: 5 },
    });
    expect(closed.response.status).toBe(200);

    const ids = await eventIds(referral.id, LIFECYCLE.length);
    expect([...ids.keys()].sort()).toEqual([...LIFECYCLE].sort());
    const webhookIds = [...ids.values()];
    await waitUntil(
      async () => webhookIds.every((id) => clinicAt.delivered().has(id)),
      'every lifecycle event delivered to the clinic',
      60_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000)); // a duplicate would arrive by now

    // Each message: two failed attempts and one success, all with the same webhook-id, each signed.
    for (const [type, id] of ids) {
      const arrivals = clinicAt.of(id);
      expect({ type, answers: arrivals.map((hook) => hook.answered) }).toEqual({
        type,
        answers: [500, 503, 204],
      });
      for (const hook of arrivals) {
        const payload = verify(clinicEndpoint.secret, hook);
        expect(payload).toMatchObject({ type, data: { referralId: referral.id } });
      }
      expect(clinicAt.delivered().get(id)).toBe(1);
    }
    expect(clinicAt.received.filter((hook) => !webhookIds.includes(hook.webhookId))).toEqual([]);
    expect(
      clinicAt.received.some((hook) => hook.body.includes('kitten') || hook.body.includes('forearm')),
    ).toBe(false);
    expect(verify(clinicEndpoint.secret, clinicAt.of(ids.get('referral.closed')!)[2]).data).toMatchObject({
      status: 'completed',
      stage: 'closed',
    });

    // The hospital of the specialist's role hears from the claim on, once each.
    const fromClaim = LIFECYCLE.slice(1).map((type) => ids.get(type)!);
    await waitUntil(
      async () => fromClaim.every((id) => hospitalAt.delivered().has(id)),
      'the hospital’s deliveries',
    );
    expect(hospitalAt.received.map((hook) => hook.webhookId).sort()).toEqual([...fromClaim].sort());
    for (const hook of hospitalAt.received) expect(verify(hospitalEndpoint.secret, hook)).toBeTruthy();

    // The delivery log through the gateway, for one message.
    const { data: log } = await clinicPartner.api.GET('/v1/webhook-endpoints/{id}/deliveries', {
      params: { path: { id: clinicEndpoint.id }, query: { webhookId: ids.get('referral.claimed')! } },
    });
    expect(
      log!.items.map((entry) => [
        entry.attempt,
        entry.status,
        entry.responseStatus,
        entry.nextAttemptAt !== null,
      ]),
    ).toEqual([
      [3, 'succeeded', 204, false],
      [2, 'failed', 503, true],
      [1, 'failed', 500, true],
    ]);
    // Strangers do not see the endpoint.
    const { response } = await hospitalPartner.api.GET('/v1/webhook-endpoints/{id}/deliveries', {
      params: { path: { id: clinicEndpoint.id } },
    });
    expect(response.status).toBe(404);
    await clinicPartner.api.DELETE('/v1/webhook-endpoints/{id}', {
      params: { path: { id: clinicEndpoint.id } },
    });
    await hospitalPartner.api.DELETE('/v1/webhook-endpoints/{id}', {
      params: { path: { id: hospitalEndpoint.id } },
    });
  });

  it('loses and duplicates nothing when the notifications service is killed mid-batch and started again', async () => {
    // The first three messages are answered at once; the others are held, so that the kill finds them in flight.
    const order: string[] = [];
    const at = await receiver((hook) => {
      if (!order.includes(hook.webhookId)) order.push(hook.webhookId);
      return order.indexOf(hook.webhookId) < 3 || hook.arrival > 1
        ? { status: 204 }
        : { status: 204, delayMs: 30_000 };
    });
    const endpoint = await register(clinicPartner, at, ['referral.submitted']);
    const referrals = [];
    for (let i = 0; i < 6; i++) referrals.push(await submit());
    const ids = await Promise.all(
      referrals.map(async (referral) => (await eventIds(referral.id, 1)).get('referral.submitted')!),
    );
    // Every message is in the notifications database (the consumer's transaction) before the kill.
    await waitUntil(
      async () =>
        (
          await notificationsDb.query(
            `SELECT 1 FROM webhook_delivery WHERE endpoint_id = $1 AND attempt = 1`,
            [endpoint.id],
          )
        ).rowCount === ids.length,
      'the deliveries scheduled',
    );
    await waitUntil(
      async () => at.delivered().size === 3 && at.received.length === ids.length,
      'three delivered, three in flight',
      30_000,
    );

    stack.kill('notifications');
    const succeededBefore = (
      await notificationsDb.query<{ webhook_id: string }>(
        `SELECT webhook_id FROM webhook_delivery WHERE endpoint_id = $1 AND status = 'succeeded'`,
        [endpoint.id],
      )
    ).rows.map((row) => row.webhook_id);
    expect(succeededBefore).toHaveLength(3);
    await stack.restart();

    await waitUntil(async () => ids.every((id) => at.delivered().has(id)), 'every message delivered', 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(ids.map((id) => at.delivered().get(id))).toEqual(ids.map(() => 1));
    for (const id of succeededBefore) expect(at.of(id)).toHaveLength(1);
    for (const hook of at.received) expect(verify(endpoint.secret!, hook).type).toBe('referral.submitted');
  });
});
