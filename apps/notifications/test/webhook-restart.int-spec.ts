import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { waitUntil, WebhookReceiver } from '@referral/testing';
import type { IssuedTestService, TestService } from '@referral/testing-service';
import { DeliveryWorker } from '../src/webhooks/delivery-worker';
import { EventFeed, restartNotifications, startNotifications } from './support/notifications';

/**
 * Durability of deliveries: the state is in PostgreSQL, so an instance that stops mid-batch and
 * another started on the same database deliver every message exactly once, as the receiver counts
 * by webhook-id.
 */
describe('notifications: webhook deliveries across a restart (real PostgreSQL, Kafka and HTTP receivers)', () => {
  let first: IssuedTestService;
  let current: TestService | undefined;
  let feed: EventFeed;
  let dataSource: () => DataSource;
  const receivers: WebhookReceiver[] = [];
  const firstOrg = randomUUID();

  const register = async (
    service: TestService,
    receiver: WebhookReceiver,
    body: Record<string, unknown> = {},
    org = firstOrg,
  ) => {
    const response = await fetch(`${service.url}/v1/webhook-endpoints`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${first.issuer.token({ org, roles: ['partner'] })}`,
      },
      body: JSON.stringify({ url: receiver.url(), eventTypes: ['referral.*'], ...body }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string };
  };
  const rows = (sql: string, values: unknown[] = []) => dataSource().query(sql, values);

  beforeAll(async () => {
    first = await startNotifications({
      WEBHOOK_CONCURRENCY: '4',
      WEBHOOK_TIMEOUT_MS: '5000',
      // Half of it is what a stopping instance waits for deliveries in flight.
      SHUTDOWN_TIMEOUT_MS: '1000',
    });
    dataSource = () => (current ?? first.service).app.get(DataSource);
    feed = new EventFeed(dataSource);
  });

  afterAll(async () => {
    await feed?.stop();
    for (const receiver of receivers) await receiver.stop();
    await current?.close();
    await first?.service.app.close().catch(() => undefined);
    await first?.service.database.drop();
    await first?.issuer.stop();
  });

  it('loses nothing and repeats nothing that succeeded when the service stops mid-batch and starts again', async () => {
    // Each message's first arrival is held for 1.5 s: the stopping instance (0.5 s of grace) aborts those
    // in flight, which the receiver then never answered.
    const receiver = await new WebhookReceiver((hook) => ({
      status: 204,
      delayMs: hook.arrival === 1 ? 1500 : 0,
    })).start();
    receivers.push(receiver);
    const endpoint = await register(first.service, receiver);
    const events = [];
    for (let i = 0; i < 20; i++) {
      events.push(
        await feed.referral('referral.submitted', { referringOrganizationId: firstOrg }, { wait: false }),
      );
    }
    await Promise.all(events.map((event) => feed.handled(event.id)));

    await waitUntil(
      async () => receiver.delivered().size >= 4 && receiver.received.length > receiver.delivered().size,
      'a first batch delivered and the next one in flight',
      30_000,
    );
    await first.service.app.close();
    const database = new Client({ connectionString: first.service.database.url });
    await database.connect();
    const succeededBefore = (
      await database.query<{ webhook_id: string }>(
        `SELECT webhook_id FROM webhook_delivery WHERE status = 'succeeded'`,
      )
    ).rows.map((row) => row.webhook_id);
    await database.end();

    current = await restartNotifications(first.service.database, first.issuer);
    await waitUntil(
      async () => receiver.delivered().size === events.length,
      'every message delivered',
      60_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 500)); // anything sent twice would show by now

    const delivered = receiver.delivered();
    expect(events.map((event) => delivered.get(event.id))).toEqual(events.map(() => 1));
    expect(succeededBefore.length).toBeGreaterThanOrEqual(4);
    for (const id of succeededBefore) expect(receiver.of(id)).toHaveLength(1);
    // Those aborted by the stop were given back, not counted as failed attempts.
    const log: { webhook_id: string; status: string }[] = await rows(
      `SELECT webhook_id, status FROM webhook_delivery WHERE endpoint_id = $1`,
      [endpoint.id],
    );
    expect(log.filter((entry) => entry.status === 'succeeded')).toHaveLength(events.length);
    expect(log.filter((entry) => entry.status !== 'succeeded')).toEqual([]);
  });

  it('takes over an attempt whose instance died holding it, once its lease has expired', async () => {
    await current?.close();
    current = await restartNotifications(first.service.database, first.issuer, {
      WEBHOOK_POLL_INTERVAL_MS: '0',
    });
    const worker = current.app.get(DeliveryWorker);
    const receiver = await new WebhookReceiver().start();
    receivers.push(receiver);
    const org = randomUUID();
    const endpoint = await register(current, receiver, { eventTypes: ['referral.closed'] }, org);
    const event = await feed.referral('referral.closed', { referringOrganizationId: org });
    // As if an instance had leased it and died before sending.
    await rows(
      `UPDATE webhook_delivery SET lease_until = now() + interval '1500 milliseconds', lease_token = $2
        WHERE endpoint_id = $1 AND status = 'pending'`,
      [endpoint.id, randomUUID()],
    );
    expect(await worker.runOnce()).toBe(0);
    expect(receiver.received).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(await worker.runOnce()).toBe(1);
    expect([...receiver.delivered()]).toEqual([[event.id, 1]]);
    expect(await worker.runOnce()).toBe(0);
  });

  it('checks the address again at every delivery: without the allow-list, nothing reaches 127.0.0.1', async () => {
    await current?.close();
    current = await restartNotifications(first.service.database, first.issuer, {
      WEBHOOK_ALLOW_PRIVATE_HOSTS: '',
      WEBHOOK_RETRY_SCHEDULE: '0',
    });
    const receiver = await new WebhookReceiver().start();
    receivers.push(receiver);
    // Registered while 127.0.0.1 was allowed (as a DNS answer that changed would be).
    const endpoint = (
      await rows(
        `SELECT id, organization_id FROM webhook_endpoint WHERE event_types = '{referral.closed}' LIMIT 1`,
      )
    )[0] as { id: string; organization_id: string };
    await rows(`UPDATE webhook_endpoint SET url = $2 WHERE id = $1`, [endpoint.id, receiver.url()]);
    const event = await feed.referral('referral.closed', {
      referringOrganizationId: endpoint.organization_id,
    });
    await waitUntil(
      async () =>
        (await rows(`SELECT 1 FROM webhook_delivery WHERE webhook_id = $1 AND status = 'failed'`, [event.id]))
          .length > 0,
      'the refused attempt',
    );
    const [entry] = await rows(
      `SELECT error, response_status, next_attempt_at FROM webhook_delivery WHERE webhook_id = $1`,
      [event.id],
    );
    expect(entry).toEqual({ error: 'address-refused', response_status: null, next_attempt_at: null });
    expect(receiver.received).toEqual([]);
  });
});
