import { randomUUID } from 'node:crypto';
import { createApiClient } from '@referral/api-client';
import { TOPICS } from '@referral/contracts';
import {
  SERVICES,
  testInfrastructure,
  testKafka,
  TopicRecorder,
  waitUntil,
  type RunningStack,
  type TestInfrastructure,
} from '@referral/testing';
import { createCaseFile } from './support/case-files';
import { registerClient, type IssuedClient } from './support/clients';
import { adminClient, createHospital, registerSpecialist } from './support/directory';
import { startE2eStack } from './support/stack';

/**
 * The walking skeleton with every service running: a referral submitted through the gateway is
 * stored by referrals with its outbox event, travels over Kafka, becomes an inbox entry in
 * notifications, and is readable through the gateway.
 */
describe('walking skeleton: clinic → gateway → referrals → Kafka → notifications → gateway', () => {
  let infra: TestInfrastructure;
  let stack: RunningStack;
  let recorder: TopicRecorder;
  /** A clinic's clinician, and a clinician of another organization, registered by the admin. */
  let clinic: IssuedClient;
  let stranger: IssuedClient;
  /** A dermatologist in the directory, who hears of every dermatology referral. */
  let dermatologist: IssuedClient;
  /** A case file of the clinic's (synthetic patient): what its referrals ask about. */
  let caseFileId: string;

  async function submitReferral(traceparent?: string) {
    const { data, response } = await clinic.api.POST('/v1/referrals', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      headers: traceparent ? { traceparent } : {},
      body: {
        caseFileId,
        specialtyCode: 'dermatology',
        priority: 'routine',
        question: 'Annular scaly plaque on the forearm for three weeks: tinea corporis or nummular eczema?',
        allowConversion: false,
      },
    });
    return { response, body: data! };
  }

  /** The dermatologist's inbox: the pool hears of every dermatology referral. */
  async function inboxEntriesFor(referralId: string) {
    const { data, response } = await dermatologist.api.GET('/v1/notifications', {
      params: { query: { referralId } },
    });
    expect(response.status).toBe(200);
    return data!.items;
  }

  async function readiness(): Promise<number[]> {
    return Promise.all(
      SERVICES.map(async (name) => (await fetch(`${stack.urls[name]}/health/ready`)).status),
    );
  }

  beforeAll(async () => {
    infra = await testInfrastructure();
    stack = await startE2eStack(infra);
    clinic = await registerClient(stack.gateway, ['clinician']);
    stranger = await registerClient(stack.gateway, ['clinician']);
    ({ caseFileId } = await createCaseFile(clinic));
    const admin = await adminClient(stack.gateway);
    dermatologist = await registerSpecialist(stack.gateway, admin, {
      name: 'Dr. Saima Rauf',
      hospitalId: await createHospital(admin, 'Mayo Hospital Lahore'),
      specialtyCode: 'dermatology',
    });
    // The specialist reaches the notifications service's projection over Kafka: until then a
    // submission does not reach them. Probe until one does.
    await waitUntil(
      async () => {
        const { body } = await submitReferral();
        await new Promise((resolve) => setTimeout(resolve, 1000));
        return (await inboxEntriesFor(body.id)).length > 0;
      },
      'the dermatologist in the notifications projection',
      60_000,
    );
    recorder = await new TopicRecorder(testKafka(infra.kafkaBrokers), [TOPICS.referral]).start();
  }, 240_000);

  afterAll(async () => {
    await recorder?.stop();
    await stack?.stop();
  }, 120_000);

  it('serves liveness, readiness and Prometheus metrics on every service', async () => {
    for (const name of SERVICES) {
      expect({ name, status: (await fetch(`${stack.urls[name]}/health/live`)).status }).toEqual({
        name,
        status: 200,
      });
      const ready = await fetch(`${stack.urls[name]}/health/ready`);
      expect({ name, status: ready.status }).toEqual({ name, status: 200 });
      expect(await ready.json()).toMatchObject({ checks: { database: { up: true }, kafka: { up: true } } });
      const metrics = await fetch(`${stack.urls[name]}/metrics`);
      expect(metrics.headers.get('content-type')).toContain('text/plain');
      expect(await metrics.text()).toContain(`process_cpu_user_seconds_total{service="${name}"}`);
    }
  });

  it('carries a submitted referral to the specialty pool’s inbox, readable through the gateway', async () => {
    const traceId = randomUUID().replace(/-/g, '');
    const { response, body: referral } = await submitReferral(`00-${traceId}-00f067aa0ba902b7-01`);
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect(referral).toMatchObject({
      status: 'requested',
      stage: 'pool',
      priority: 'routine',
      specialtyCode: 'dermatology',
      referringOrganizationId: clinic.organizationId,
      referringPractitionerId: clinic.practitionerId,
    });

    const read = await clinic.api.GET('/v1/referrals/{id}', { params: { path: { id: referral.id } } });
    expect(read.response.status).toBe(200);
    expect(read.data).toEqual(referral);

    // The event on Kafka: CloudEvents headers, keyed by the referral, in the caller's trace, thin.
    const [event] = (
      await recorder.waitFor(
        (messages) => messages.some((m) => m.key === referral.id),
        `referral.submitted for ${referral.id}`,
      )
    ).filter((m) => m.key === referral.id);
    expect(event.headers).toMatchObject({
      ce_type: 'referral.submitted',
      ce_source: '/referrals',
      ce_subject: referral.id,
    });
    expect(event.headers.traceparent).toContain(traceId);
    expect(event.value).not.toContain('tinea');

    await waitUntil(async () => (await inboxEntriesFor(referral.id)).length > 0, 'the inbox entry', 30_000);
    const entries = await inboxEntriesFor(referral.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ type: 'referral.submitted', referralId: referral.id });
  });

  it('refuses a request without a valid token at the service behind the gateway', async () => {
    const anonymous = await createApiClient(stack.gateway).GET('/v1/notifications');
    expect(anonymous.response.status).toBe(401);
    expect(anonymous.response.headers.get('content-type')).toContain('application/problem+json');
    const forged = await createApiClient(stack.gateway, {
      token: `${clinic.token.slice(0, -4)}AAAA`,
    }).GET('/v1/notifications');
    expect(forged.response.status).toBe(401);
  });

  it('answers 404 to another organization asking for the referral', async () => {
    const { body: referral } = await submitReferral();
    const { error, response } = await stranger.api.GET('/v1/referrals/{id}', {
      params: { path: { id: referral.id } },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(error).toMatchObject({ type: 'urn:problem-type:not-found', status: 404 });
  });

  it('turns readiness to 503 while Kafka is down and back to 200 after, keeping writes made meanwhile', async () => {
    await infra.broker.stop();
    let referralId: string;
    try {
      await waitUntil(
        async () => (await readiness()).every((s) => s === 503),
        'every service not ready',
        30_000,
      );
      const { response, body } = await submitReferral();
      expect(response.status).toBe(201); // the outbox keeps the event
      referralId = body.id;
    } finally {
      await infra.broker.start();
    }
    await waitUntil(
      async () => (await readiness()).every((s) => s === 200),
      'every service ready again',
      60_000,
    );
    await waitUntil(
      async () => (await inboxEntriesFor(referralId)).length === 1,
      'the inbox entry of the referral written during the outage',
      90_000,
    );
  }, 240_000);
});
