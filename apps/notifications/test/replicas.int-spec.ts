import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  createTestDatabase,
  testInfrastructure,
  WebhookReceiver,
  type TestDatabase,
} from '@referral/testing';
import { TestIssuer, type IssuedTestService } from '@referral/testing-service';
import { DispatchWorker, type DispatchRun } from '../src/dispatch/dispatch-worker';
import { migrations } from '../src/migrations';
import { DeliveryWorker } from '../src/webhooks/delivery-worker';
import { WebhookRepository } from '../src/webhooks/webhook.repository';
import { ContactsStub, startNotificationsWithContacts } from './support/contacts-stub';
import { TEST_SECRET_KEY } from './support/notifications';

/** Webhooks to receivers on 127.0.0.1; the workers' timers off: the test runs their rounds on both. */
const ENV = {
  WEBHOOK_SECRET_KEY: TEST_SECRET_KEY,
  WEBHOOK_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
  WEBHOOK_POLL_INTERVAL_MS: '0',
  WEBHOOK_TIMEOUT_MS: '3000',
  WEBHOOK_CONCURRENCY: '4',
  DISPATCH_BATCH_SIZE: '4',
};

/**
 * Two notifications instances on one database, as two replicas: their webhook delivery workers lease
 * due attempts (`FOR UPDATE SKIP LOCKED`, then a lease) and their dispatch workers lock due SMS and
 * email dispatches (`FOR UPDATE SKIP LOCKED`) at once, and nothing may go out twice. Each instance is
 * a Nest application with its own connection pool, in this process. The test feeds no events, so the
 * instances consume none (the consumer group on two instances: libs/platform/kafka/test/replicas.int-spec.ts;
 * the retention purge on two instances: retention.int-spec.ts).
 */
describe('notifications: two instances on one database (real PostgreSQL, Kafka and HTTP receivers)', () => {
  const contacts = new ContactsStub();
  let database: TestDatabase;
  let issuer: TestIssuer;
  let a: IssuedTestService;
  let b: IssuedTestService;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    await contacts.start();
    const infra = await testInfrastructure();
    issuer = await new TestIssuer().start();
    database = await createTestDatabase(infra.databaseUrl, 'notifications', migrations);
    [a, b] = await Promise.all(
      [1, 2].map(() => startNotificationsWithContacts(contacts, ENV, { database, issuer, consumes: [] })),
    );
    receiver = await new WebhookReceiver().start();
  });

  afterAll(async () => {
    await receiver?.stop();
    await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
    await issuer?.stop();
    await contacts.stop();
  });

  /** Rounds of `round` on both instances at once, each until a round finds nothing: what each did. */
  async function drainOnBoth<T>(
    round: (instance: IssuedTestService) => Promise<T>,
    empty: (run: T) => boolean,
  ) {
    const drain = async (instance: IssuedTestService) => {
      const runs: T[] = [];
      for (;;) {
        const run = await round(instance);
        if (empty(run)) return runs;
        runs.push(run);
      }
    };
    return Promise.all([drain(a), drain(b)]);
  }

  it('delivers each webhook once while both instances lease due attempts at once, and both take a share', async () => {
    const org = randomUUID();
    const registered = await fetch(`${a.service.url}/v1/webhook-endpoints`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${issuer.token({ org, roles: ['partner'] })}`,
      },
      body: JSON.stringify({ url: receiver.url(), eventTypes: ['referral.submitted'] }),
    });
    expect(registered.status).toBe(201);
    const { id: endpointId } = (await registered.json()) as { id: string };
    // 40 messages for the endpoint, each with its first attempt due, stored as the fan-out stores them.
    const webhooks = a.service.app.get(WebhookRepository);
    const events = Array.from({ length: 40 }, () => ({ id: randomUUID() }));
    await a.dataSource.transaction(async (manager) => {
      for (const { id } of events) {
        await webhooks.insertMessage(manager, {
          id,
          eventType: 'referral.submitted',
          body: '{"synthetic":true}',
        });
        await webhooks.insertFirstAttempts(manager, id, [endpointId]);
      }
    });

    const [byA, byB] = await drainOnBoth(
      (instance) => instance.service.app.get(DeliveryWorker).runOnce(),
      (sent) => sent === 0,
    );
    const sum = (runs: number[]) => runs.reduce((total, n) => total + n, 0);
    expect(sum(byA) + sum(byB)).toBe(events.length);
    expect(sum(byA)).toBeGreaterThan(0);
    expect(sum(byB)).toBeGreaterThan(0);
    const delivered = receiver.delivered();
    expect(events.map((event) => delivered.get(event.id))).toEqual(events.map(() => 1));
    const [{ n }] = await a.dataSource.query(
      `SELECT count(*)::int AS n FROM webhook_delivery WHERE webhook_id = ANY($1) AND status = 'succeeded'`,
      [events.map((event) => event.id)],
    );
    expect(n).toBe(events.length);
  });

  it('sends each due SMS once while both instances take dispatches at once, and both take a share', async () => {
    const dataSource = a.service.app.get(DataSource);
    const sourceEventId = randomUUID();
    const referralId = randomUUID();
    const practitioners = Array.from({ length: 20 }, () => randomUUID());
    practitioners.forEach((practitionerId, i) => {
      const phone = `0301-76543${String(i).padStart(2, '0')}`; // synthetic
      contacts.contacts.set(practitionerId, { phone, email: null, languages: ['en'] });
    });
    await dataSource.query(
      `INSERT INTO notification_dispatch (id, source_event_id, event_type, referral_id, practitioner_id, channel,
                                          priority, specialty_code, status, not_before)
       SELECT gen_random_uuid(), $1, 'referral.submitted', $2, p, 'sms', 'urgent', 'cardiology', 'pending',
              now() - interval '1 second'
         FROM unnest($3::uuid[]) AS p`,
      [sourceEventId, referralId, practitioners],
    );

    const [byA, byB] = await drainOnBoth<DispatchRun>(
      (instance) => instance.service.app.get(DispatchWorker).runOnce(),
      (run) => run.sent + run.skipped + run.failed + run.deferred + run.retrying === 0,
    );
    const total = (runs: DispatchRun[], kind: keyof DispatchRun) =>
      runs.reduce((sum, run) => sum + run[kind], 0);
    // Each dispatch taken by one instance: none found already under way (retrying) or sent twice.
    expect({
      sent: total(byA, 'sent') + total(byB, 'sent'),
      retrying: total(byA, 'retrying') + total(byB, 'retrying'),
    }).toEqual({ sent: practitioners.length, retrying: 0 });
    expect(total(byA, 'sent')).toBeGreaterThan(0);
    expect(total(byB, 'sent')).toBeGreaterThan(0);
    const messages: { practitioner: string; n: number }[] = await dataSource.query(
      `SELECT recipient_practitioner_id AS practitioner, count(*)::int AS n FROM outbound_message
        WHERE source_event_id = $1 AND status = 'sent' GROUP BY 1`,
      [sourceEventId],
    );
    expect(messages.map((m) => m.n)).toEqual(practitioners.map(() => 1));
    const [{ pending }] = await dataSource.query(
      `SELECT count(*) FILTER (WHERE status <> 'sent')::int AS pending FROM notification_dispatch WHERE source_event_id = $1`,
      [sourceEventId],
    );
    expect(pending).toBe(0);
  });
});
