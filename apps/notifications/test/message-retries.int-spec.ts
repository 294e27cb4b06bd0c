import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertEventData, TOPICS } from '@referral/contracts';
import { testInfrastructure, testKafka, TopicRecorder } from '@referral/testing';
import { startIssuedTestService, type IssuedTestService } from '@referral/testing-service';
import { AppModule } from '../src/app.module';
import { NotificationsEnv } from '../src/config';
import { DispatchWorker } from '../src/dispatch/dispatch-worker';
import { entities } from '../src/entities';
import { OutboundMessageRepository } from '../src/messaging/outbound-message.repository';
import { migrations } from '../src/migrations';

/** How the SMS gateway answers one phone number: fail `failures` times (status), then accept; or always fail. */
interface Script {
  failures: number;
  status: number;
  requests: number;
  accepted: number;
}

/**
 * Failed SMS are retried with backoff for MESSAGE_RETRY_MAX_MINUTES, then recorded as failed with a
 * `message.delivery_failed` event on Kafka. A real HTTP SMS gateway (scripted per phone number), a
 * stand-in directory for the contact details, real PostgreSQL and Kafka; time moves by the worker's
 * clock, not by waiting.
 */
describe('notifications: SMS the gateway fails are retried, then failed with an event (real HTTP gateway, PostgreSQL and Kafka)', () => {
  let notifications: IssuedTestService;
  let worker: DispatchWorker;
  let gateway: Server;
  let directory: Server;
  let recorder: TopicRecorder;
  const scripts = new Map<string, Script>();
  const phones = new Map<string, string>();

  beforeAll(async () => {
    gateway = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        const script = scripts.get((JSON.parse(body) as { to: string }).to);
        if (!script) return response.writeHead(404).end();
        script.requests++;
        if (script.requests <= script.failures) return response.writeHead(script.status).end('{}');
        script.accepted++;
        response.writeHead(202, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: `gw-${script.accepted}` }));
      });
    });
    directory = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      if (request.url === '/v1/auth/token') {
        return response.end(JSON.stringify({ access_token: 'stub', token_type: 'Bearer', expires_in: 900 }));
      }
      const id = /^\/v1\/practitioners\/([^/]+)$/.exec(request.url ?? '')?.[1] ?? '';
      const phone = phones.get(id);
      if (!phone) return response.writeHead(404).end('{}');
      response.end(JSON.stringify({ id, phone, email: null, languages: ['en'] }));
    });
    for (const server of [gateway, directory]) {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    }
    const url = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    recorder = await new TopicRecorder(testKafka((await testInfrastructure()).kafkaBrokers), [
      TOPICS.notificationDelivery,
    ]).start();
    notifications = await startIssuedTestService({
      name: 'notifications',
      envClass: NotificationsEnv,
      appModule: AppModule,
      entities,
      migrations,
      consumes: [],
      env: {
        DIRECTORY_URL: url(directory),
        SERVICE_TOKEN_URL: `${url(directory)}/v1/auth/token`,
        SERVICE_CLIENT_ID: 'notifications',
        SERVICE_CLIENT_SECRET: 'notifications-secret',
        DISPATCH_INTERVAL_MS: '0',
        SMS_PROVIDER: 'http',
        SMS_HTTP_URL: `${url(gateway)}/send`,
        SMS_HTTP_TIMEOUT_MS: '500',
        MESSAGE_RETRY_MAX_MINUTES: '30',
        MESSAGE_RETRY_INITIAL_SECONDS: '30',
      },
    });
    worker = notifications.service.app.get(DispatchWorker);
  });

  afterAll(async () => {
    await recorder?.stop();
    await notifications?.close();
    for (const server of [gateway, directory]) {
      server?.closeAllConnections();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    }
  });

  /** A practitioner whose SMS the gateway answers by `script`, and one SMS due for them now. */
  async function dueSms(script: Omit<Script, 'requests' | 'accepted'>) {
    const practitionerId = randomUUID();
    const phone = `+92300${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    phones.set(practitionerId, phone);
    const counts: Script = { ...script, requests: 0, accepted: 0 };
    scripts.set(phone, counts);
    const referralId = randomUUID();
    const sourceEventId = randomUUID();
    await notifications.dataSource.query(
      `INSERT INTO notification_dispatch (id, source_event_id, event_type, referral_id, practitioner_id, channel,
                                          priority, specialty_code, not_before)
       VALUES ($1, $2, 'referral.claimed', $3, $4, 'sms', 'routine', 'dermatology', now() - interval '1 second')`,
      [randomUUID(), sourceEventId, referralId, practitionerId],
    );
    return { practitionerId, referralId, sourceEventId, counts, phone };
  }

  const messagesOf = (referralId: string) =>
    notifications.dataSource.query(
      `SELECT id, status, error, provider_message_id AS "providerMessageId", attempts,
              retry_pending AS "retryPending"
         FROM outbound_message WHERE referral_id = $1`,
      [referralId],
    );
  const dispatchOf = async (referralId: string) =>
    (
      await notifications.dataSource.query(
        `SELECT status, not_before AS "notBefore" FROM notification_dispatch WHERE referral_id = $1`,
        [referralId],
      )
    )[0] as { status: string; notBefore: Date };
  /** The message.delivery_failed of one message, from Kafka (its subject is the message id), validated. */
  async function eventOf(messageId: string): Promise<Record<string, unknown>> {
    await recorder.waitFor(
      (messages) => messages.some((m) => m.key === messageId),
      `message.delivery_failed of ${messageId} on notifications.delivery.v1`,
    );
    const [event, ...more] = recorder.messages.filter((m) => m.key === messageId);
    expect(more).toEqual([]);
    expect(event.headers.ce_type).toBe('message.delivery_failed');
    const data = JSON.parse(event.value!) as Record<string, unknown>;
    expect(assertEventData('message.delivery_failed', data)).toBeDefined();
    return data;
  }
  const minutes = (start: number, n: number) => new Date(start + n * 60_000);

  it('retries an SMS the gateway fails (503 twice) with backoff and sends it once it accepts', async () => {
    const sms = await dueSms({ failures: 2, status: 503 });
    const start = Date.now();

    await worker.runOnce(new Date(start));
    expect(sms.counts.requests).toBe(1);
    let [message] = await messagesOf(sms.referralId);
    expect(message).toMatchObject({ status: 'pending', error: 'SMS gateway answered 503', attempts: 1 });
    const waiting = await dispatchOf(sms.referralId);
    expect(waiting.status).toBe('pending');
    // Backoff: not again at once, nor before MESSAGE_RETRY_INITIAL_SECONDS.
    expect(waiting.notBefore.getTime()).toBeGreaterThanOrEqual(start + 30_000);
    await worker.runOnce(new Date(start + 10_000));
    expect(sms.counts.requests).toBe(1);

    await worker.runOnce(new Date(start + 31_000));
    expect(sms.counts.requests).toBe(2);
    // Doubling: the third attempt waits a minute after the second.
    expect((await dispatchOf(sms.referralId)).notBefore.getTime()).toBeGreaterThanOrEqual(
      start + 31_000 + 60_000,
    );
    await worker.runOnce(new Date(start + 31_000 + 61_000));
    expect(sms.counts).toMatchObject({ requests: 3, accepted: 1 });

    const messages = await messagesOf(sms.referralId);
    expect(messages).toHaveLength(1);
    [message] = messages;
    expect(message).toMatchObject({ status: 'sent', providerMessageId: 'gw-1', attempts: 3 });
    expect((await dispatchOf(sms.referralId)).status).toBe('sent');

    // Nothing more is sent, however often the worker runs afterwards.
    await worker.runOnce(minutes(start, 120));
    expect(sms.counts).toMatchObject({ requests: 3, accepted: 1 });
  });

  it('gives up after MESSAGE_RETRY_MAX_MINUTES of failures: failed, with message.delivery_failed on Kafka', async () => {
    const sms = await dueSms({ failures: Number.MAX_SAFE_INTEGER, status: 500 });
    const start = Date.now();
    let now = start;
    // Rounds every 5 minutes, up to 25 minutes in: still retrying.
    for (; now <= start + 25 * 60_000; now += 5 * 60_000) await worker.runOnce(new Date(now));
    expect(sms.counts.requests).toBeGreaterThan(2);
    expect((await messagesOf(sms.referralId))[0]).toMatchObject({ status: 'pending' });
    expect((await dispatchOf(sms.referralId)).status).toBe('pending');
    const before = sms.counts.requests;

    // Past the bound (30 minutes from the first attempt): one last attempt, then failed for good.
    for (now = start + 31 * 60_000; now <= start + 46 * 60_000; now += 5 * 60_000) {
      await worker.runOnce(new Date(now));
    }
    expect(sms.counts.requests).toBe(before + 1);
    const [message] = await messagesOf(sms.referralId);
    expect(message).toMatchObject({
      status: 'failed',
      error: 'SMS gateway answered 500',
      attempts: sms.counts.requests,
    });
    expect((await dispatchOf(sms.referralId)).status).toBe('failed');

    const event = await eventOf(message.id);
    expect(event).toEqual({
      messageId: message.id,
      channel: 'sms',
      recipientPractitionerId: sms.practitionerId,
      referralId: sms.referralId,
      sourceEventId: sms.sourceEventId,
      sourceEventType: 'referral.claimed',
      provider: 'http',
      attempts: sms.counts.requests,
      reason: 'retries-exhausted',
      occurredAt: expect.any(String),
    });

    // Failed is final.
    await worker.runOnce(minutes(start, 120));
    expect(sms.counts.requests).toBe(before + 1);
  });

  // SMS_HTTP_TIMEOUT_MS=500: an attempt's lease is 3 × 500 ms + 60 s.
  const LEASE_MS = 61_500;

  it('fails (interrupted, with message.delivery_failed) a retry cut short by a crash, once its lease is over, without repeating it', async () => {
    const sms = await dueSms({ failures: Number.MAX_SAFE_INTEGER, status: 503 });
    const start = Date.now();
    await worker.runOnce(new Date(start));
    let [message] = await messagesOf(sms.referralId);
    expect(message).toMatchObject({ status: 'pending', attempts: 1, retryPending: true });

    // The crash: an instance takes the retry (committed on its own) at +31 s, then dies before the
    // provider's answer is recorded; its dispatch transaction rolls back, so the dispatch is still due.
    const taken = await notifications.service.app
      .get(OutboundMessageRepository)
      .takeRetry(message.id, new Date(start + 31_000));
    expect(taken).toBe(true);

    // Another round while the attempt might still be under way: nothing sent, nothing decided.
    await worker.runOnce(new Date(start + 32_000));
    expect(sms.counts.requests).toBe(1);
    [message] = await messagesOf(sms.referralId);
    expect(message).toMatchObject({ status: 'pending', attempts: 1, retryPending: false });
    const waiting = await dispatchOf(sms.referralId);
    expect(waiting.status).toBe('pending');
    expect(waiting.notBefore.getTime()).toBe(start + 31_000 + LEASE_MS);

    // Its lease over: failed for good, not repeated (it may have gone out), and said on Kafka.
    await worker.runOnce(new Date(start + 31_000 + LEASE_MS));
    expect(sms.counts.requests).toBe(1);
    [message] = await messagesOf(sms.referralId);
    expect(message).toMatchObject({
      status: 'failed',
      attempts: 2,
      error: expect.stringContaining('interrupted'),
    });
    expect((await dispatchOf(sms.referralId)).status).toBe('failed');
    expect(await eventOf(message.id)).toEqual({
      messageId: message.id,
      channel: 'sms',
      recipientPractitionerId: sms.practitionerId,
      referralId: sms.referralId,
      sourceEventId: sms.sourceEventId,
      sourceEventType: 'referral.claimed',
      provider: 'http',
      attempts: 2,
      reason: 'interrupted',
      occurredAt: expect.any(String),
    });

    await worker.runOnce(minutes(start, 120));
    expect(sms.counts.requests).toBe(1);
  });

  it('fails (interrupted) a first attempt cut short by a crash, recorded before the lease column, rather than calling its dispatch sent', async () => {
    const sms = await dueSms({ failures: 0, status: 503 });
    // As MessageSender left it: recorded `pending` (committed), then the process died before the
    // provider's answer was recorded — a row from before the upgrade, without attempt_started_at.
    const messageId = randomUUID();
    await notifications.dataSource.query(
      `INSERT INTO outbound_message (id, channel, recipient, recipient_practitioner_id, recipient_key, language,
                                     requested_language, template, referral_id, text, encoding, parts, provider,
                                     status, source_event_id)
       VALUES ($1, 'sms', $2, $3, $2, 'en', 'en', 'referral.claimed', $4, 'Referral claimed', 'GSM-7', 1, 'http',
               'pending', $5)`,
      [messageId, sms.phone, sms.practitionerId, sms.referralId, sms.sourceEventId],
    );
    const start = Date.now();

    await worker.runOnce(new Date(start));
    expect(await dispatchOf(sms.referralId)).toMatchObject({ status: 'pending' });
    expect((await messagesOf(sms.referralId))[0]).toMatchObject({ status: 'pending', attempts: 0 });

    await worker.runOnce(new Date(start + LEASE_MS + 1000));
    expect(sms.counts.requests).toBe(0);
    const [message] = await messagesOf(sms.referralId);
    expect(message).toMatchObject({
      id: messageId,
      status: 'failed',
      attempts: 1,
      error: expect.stringContaining('interrupted'),
    });
    expect((await dispatchOf(sms.referralId)).status).toBe('failed');
    expect(await eventOf(messageId)).toMatchObject({ reason: 'interrupted', attempts: 1, provider: 'http' });
  });

  it('does not retry what the gateway refuses for good (400): failed at once, reason rejected', async () => {
    const sms = await dueSms({ failures: Number.MAX_SAFE_INTEGER, status: 400 });
    await worker.runOnce(new Date());
    await worker.runOnce(minutes(Date.now(), 10));
    expect(sms.counts.requests).toBe(1);
    const [message] = await messagesOf(sms.referralId);
    expect(message).toMatchObject({ status: 'failed', error: 'SMS gateway answered 400', attempts: 1 });
    expect(await eventOf(message.id)).toMatchObject({ reason: 'rejected', attempts: 1 });
  });
});
