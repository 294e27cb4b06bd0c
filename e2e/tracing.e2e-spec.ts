import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { ApiClient } from '@referral/api-client';
import {
  testInfrastructure,
  waitUntil,
  WebhookReceiver,
  type ReceivedWebhook,
  type RunningStack,
} from '@referral/testing';
import { createCaseFile } from './support/case-files';
import { registerClient, type IssuedClient } from './support/clients';
import { adminClient, registerSpecialist } from './support/directory';
import { startE2eStack } from './support/stack';
import { ZipkinServer, type ZipkinSpan } from './support/zipkin';

const REFERRAL_TOPIC = 'referrals.referral.v1';

/**
 * OpenTelemetry end to end, against a real trace backend: every service of the stack exports its spans
 * to a Zipkin server started here (from Maven Central's jar), and one referral's submission is read back
 * from Zipkin's API as ONE trace — from the caller's span through the gateway, the referrals service
 * and its queries, the outbox relay's Kafka producer span, the notifications service's consumer span and
 * its inbox entry, to the SMS sent to the specialist and the webhook delivered to the partner, each span
 * linked to its parent.
 */
describe('traces across HTTP, PostgreSQL and Kafka, read back from Zipkin', () => {
  let zipkin: ZipkinServer;
  let stack: RunningStack;
  let admin: ApiClient;
  let clinic: IssuedClient;
  let caseFileId: string;
  const sms = new WebhookReceiver(() => ({ status: 200 }));
  const partner = new WebhookReceiver(() => ({ status: 204 }));

  beforeAll(async () => {
    const infra = await testInfrastructure();
    zipkin = await new ZipkinServer().launch();
    await Promise.all([sms.start(), partner.start()]);
    // The stack starts while Zipkin does (spans exported before it answers are only start-up's).
    const started = startE2eStack(infra, {
      env: {
        OTEL_TRACES_EXPORTER: 'zipkin',
        OTEL_EXPORTER_ZIPKIN_ENDPOINT: zipkin.spansUrl,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        SMS_PROVIDER: 'http',
        SMS_HTTP_URL: sms.url('/sms'),
        WEBHOOK_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
        WEBHOOK_POLL_INTERVAL_MS: '200',
        DISPATCH_INTERVAL_MS: '200',
      },
    });
    stack = await started;
    await zipkin.ready();
    admin = await adminClient(stack.gateway);
    const organization = async (name: string, kind: 'clinic' | 'hospital') => {
      const { data, response } = await admin.POST('/v1/organizations', {
        body: { name, kind, district: 'Chakwal', province: 'punjab' },
      });
      expect(response.status).toBe(201);
      return data!.id;
    };
    const [clinicId, hospitalId] = await Promise.all([
      organization('RHU Choa Saidan Shah', 'clinic'),
      organization('DHQ Hospital Chakwal', 'hospital'),
    ]);
    clinic = await registerClient(stack.gateway, ['clinician'], clinicId);
    const specialist = await registerSpecialist(stack.gateway, admin, {
      name: 'Dr. Sana Mirza (synthetic)',
      hospitalId,
      specialtyCode: 'dermatology',
      phone: '+92 321 5550199',
    });
    // The clinic's EMR: a referral's events go to the referring organization's endpoints (and, once a
    // specialist holds it, to the holder's organization's).
    const clinicPartner = await registerClient(stack.gateway, ['partner'], clinicId, null);
    const endpoint = await clinicPartner.api.POST('/v1/webhook-endpoints', {
      body: { url: partner.url(), eventTypes: ['referral.submitted'], description: 'trace e2e' },
    });
    expect(endpoint.response.status).toBe(201);
    ({ caseFileId } = await createCaseFile(clinic));

    // Notifications must know the specialist's role before the referral, or the pool is empty.
    const notifications = new Client({ connectionString: stack.databaseUrl('notifications') });
    await notifications.connect();
    try {
      await waitUntil(
        async () =>
          (
            await notifications.query(
              `SELECT 1 FROM directory_practitioner_role WHERE practitioner_id = $1`,
              [specialist.practitionerId],
            )
          ).rowCount === 1,
        'the specialist in the notifications projection',
      );
    } finally {
      await notifications.end();
    }
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
    await Promise.all([zipkin?.stop(), sms.stop(), partner.stop()]);
  }, 120_000);

  it('shows a submission as one trace: gateway → referrals → Kafka → notifications → inbox, SMS and webhook', async () => {
    // The caller's own span: the trace it starts is the one everything after must belong to.
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const submitted = await clinic.api.POST('/v1/referrals', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      headers: { traceparent: `00-${traceId}-${callerSpanId}-01` },
      body: {
        caseFileId,
        specialtyCode: 'dermatology',
        priority: 'urgent',
        question: 'Annular scaly plaque on the forearm for three weeks: tinea corporis or nummular eczema?',
        allowConversion: false,
      },
    });
    expect(submitted.response.status).toBe(201);
    expect(submitted.response.headers.get('traceparent')).toMatch(
      new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`),
    );

    // The SMS gateway and the partner are called within the trace (the W3C header they receive).
    const inTrace = (received: ReceivedWebhook[]) =>
      received.find((r) => String(r.headers.traceparent ?? '').startsWith(`00-${traceId}-`));
    await waitUntil(() => inTrace(sms.received) !== undefined, 'the SMS to the specialist', 60_000);
    await waitUntil(() => inTrace(partner.received) !== undefined, 'the webhook to the partner', 60_000);
    expect(JSON.parse(inTrace(partner.received)!.body)).toMatchObject({
      type: 'referral.submitted',
      data: { referralId: submitted.data!.id },
    });

    let spans: ZipkinSpan[] = [];
    const find = (predicate: (span: ZipkinSpan) => boolean) => spans.find(predicate);
    const service = (span: ZipkinSpan | undefined) => span?.localEndpoint?.serviceName;
    // Zipkin stores span names in lower case.
    const named = (span: ZipkinSpan, name: string) => span.name === name.toLowerCase();
    const isHttpTo = (span: ZipkinSpan, path: string) =>
      span.kind === 'CLIENT' && String(span.tags?.['url.full'] ?? '').includes(path);
    await waitUntil(
      async () => {
        spans = await zipkin.trace(traceId);
        return (
          spans.some((s) => named(s, 'sms referral.submitted') && spans.some((c) => c.parentId === s.id)) &&
          spans.some((s) => named(s, 'webhook referral.submitted') && spans.some((c) => c.parentId === s.id))
        );
      },
      'the whole trace in Zipkin',
      60_000,
      500,
    );
    const byId = new Map(spans.map((s) => [s.id, s]));
    const parentOf = (span: ZipkinSpan) => (span.parentId ? byId.get(span.parentId) : undefined);
    /** The span's ancestors, nearest first, as far as Zipkin links them. */
    const ancestors = (span: ZipkinSpan): ZipkinSpan[] => {
      const chain: ZipkinSpan[] = [];
      for (let p = parentOf(span); p; p = parentOf(p)) chain.push(p);
      return chain;
    };
    const describeTrace = () =>
      spans
        .map((s) => `${service(s)} ${s.kind ?? 'INTERNAL'} ${s.name} ${s.id} <- ${s.parentId ?? '-'}`)
        .join('\n');

    // The gateway's server span continues the caller's span.
    const gatewayIn = find(
      (s) => service(s) === 'gateway' && s.kind === 'SERVER' && named(s, 'POST /v1/referrals'),
    );
    expect({ parentId: gatewayIn?.parentId, trace: describeTrace() }).toMatchObject({
      parentId: callerSpanId,
    });
    // Its call to the referrals service, and the referrals service's server span under that call.
    const gatewayOut = find((s) => service(s) === 'gateway' && isHttpTo(s, '/v1/referrals'));
    expect(gatewayOut && ancestors(gatewayOut)).toContain(gatewayIn);
    const referralsIn = find(
      (s) => service(s) === 'referrals' && s.kind === 'SERVER' && named(s, 'POST /v1/referrals'),
    );
    expect(referralsIn?.parentId).toBe(gatewayOut?.id);
    // Its queries: the referral and its outbox event, written in the request's transaction.
    const outboxInsert = find(
      (s) =>
        service(s) === 'referrals' &&
        s.kind === 'CLIENT' &&
        /INSERT INTO outbox/i.test(s.tags?.['db.query.text'] ?? s.tags?.['db.statement'] ?? ''),
    );
    expect(outboxInsert && ancestors(outboxInsert)).toContain(referralsIn);
    // The relay's producer span continues the request (through the outbox row), not the relay's poll.
    const produced = find(
      (s) => service(s) === 'referrals' && s.kind === 'PRODUCER' && named(s, `send ${REFERRAL_TOPIC}`),
    );
    expect(produced?.parentId).toBe(referralsIn?.id);
    expect(produced?.tags).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': REFERRAL_TOPIC,
      'messaging.kafka.message.key': submitted.data!.id,
      'cloudevents.event_type': 'referral.submitted',
    });
    // Notifications consumed it: the kafkajs instrumentation's span, child of the producer's.
    const consumed = find(
      (s) => service(s) === 'notifications' && s.kind === 'CONSUMER' && named(s, `process ${REFERRAL_TOPIC}`),
    );
    expect(consumed?.parentId).toBe(produced?.id);
    // The specialist's inbox entry, written under the consumer span.
    const inboxEntry = find(
      (s) =>
        service(s) === 'notifications' &&
        /INSERT INTO notification\b/i.test(s.tags?.['db.query.text'] ?? s.tags?.['db.statement'] ?? ''),
    );
    expect(inboxEntry && ancestors(inboxEntry)).toContain(consumed);
    // The SMS, sent later by the dispatch worker, continues the consumer's span, and so does the
    // webhook delivery; each made its HTTP call as a child.
    const smsSent = find((s) => service(s) === 'notifications' && named(s, 'sms referral.submitted'));
    expect(smsSent?.parentId).toBe(consumed?.id);
    const smsCall = find((s) => s.parentId === smsSent?.id && isHttpTo(s, '/sms'));
    expect(smsCall?.tags?.['http.response.status_code']).toBe('200');
    const webhook = find((s) => service(s) === 'notifications' && named(s, 'webhook referral.submitted'));
    expect(webhook?.parentId).toBe(consumed?.id);
    const webhookCall = find((s) => s.parentId === webhook?.id && isHttpTo(s, '/hooks'));
    expect(webhookCall?.tags?.['http.response.status_code']).toBe('204');
    // Every span of the trace hangs from the caller's span: nothing started a trace of its own.
    for (const span of spans) {
      const root = [span, ...ancestors(span)].at(-1)!;
      expect({ span: span.name, rootParent: root.parentId }).toEqual({
        span: span.name,
        rootParent: callerSpanId,
      });
    }
    // No CNIC, phone number or token in any span (the spans carry URLs and statements, never values).
    const exported = JSON.stringify(spans);
    expect(exported).not.toMatch(/\+92|5550199|Bearer|eyJ/);
  });
});
