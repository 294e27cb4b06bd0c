import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import type { DataSource, QueryRunner } from 'typeorm';
import {
  assertEventData,
  createEnvelope,
  encodeData,
  getEventDefinition,
  toKafkaHeaders,
  TOPICS,
  type EventType,
  type PractitionerEventData,
  type ReferralEventData,
} from '@referral/contracts';
import { testInfrastructure, testKafka, waitUntil } from '@referral/testing';
import type { IssuedTestService } from '@referral/testing-service';
import { DispatchWorker } from '../src/dispatch/dispatch-worker';
import { ContactsStub, startNotificationsWithContacts } from './support/contacts-stub';

/** The send tables: a commit counts when its transaction (or its lone statement) wrote one of them. */
const SEND_TABLES = /\b(notification_dispatch|outbound_message)\b/;
const WRITE = /^\s*(INSERT|UPDATE|DELETE|WITH)\b/i;

/**
 * Counts, in this process, the commits that write the send tables: each transaction that wrote one
 * (at its COMMIT), and each statement outside a transaction that wrote one (its own commit).
 * Deterministic, unlike pg_stat_database (which other connections, the relay's polls, move too).
 */
function countSendCommits(dataSource: DataSource): { commits: () => number; restore: () => void } {
  let commits = 0;
  const dirty = new WeakSet<QueryRunner>();
  const prototype = Object.getPrototypeOf(dataSource.createQueryRunner()) as QueryRunner;
  const original = prototype.query;
  const spy = jest.spyOn(prototype, 'query').mockImplementation(async function (
    this: QueryRunner,
    ...args: Parameters<typeof original>
  ) {
    const [sql] = args;
    const writes = SEND_TABLES.test(sql) && WRITE.test(sql);
    if (this.isTransactionActive) {
      if (writes) dirty.add(this);
      if (/^\s*COMMIT\b/i.test(sql) && dirty.has(this)) {
        dirty.delete(this);
        commits++;
      }
      if (/^\s*ROLLBACK\b/i.test(sql)) dirty.delete(this);
    } else if (writes) commits++;
    return original.apply(this, args);
  });
  return { commits: () => commits, restore: () => spy.mockRestore() };
}

/** The directory's contact endpoint and the gateway's token endpoint, as notifications sees them. */
/**
 * What one referral submission costs the notifications service (issue 14): the events it publishes
 * for a pool, and the commits that send its SMS and email. The figures are printed for the READMEs.
 */
describe('notifications: cost of one referral event for a pool (real PostgreSQL and Kafka)', () => {
  const POOL = 10;
  const specialty = 'radiology';
  const hospital = randomUUID();
  let notifications: IssuedTestService;
  let contacts: ContactsStub;
  let producer: Producer;
  let worker: DispatchWorker;
  const pool: string[] = [];

  async function send(type: EventType, key: string, data: object): Promise<string> {
    const source = type.startsWith('practitioner') ? '/directory' : '/referrals';
    const envelope = createEnvelope({ type, subject: key, data, source });
    await producer.send({
      topic: type.startsWith('practitioner') ? TOPICS.directoryPractitioner : TOPICS.referral,
      messages: [{ key, value: encodeData(envelope), headers: toKafkaHeaders(envelope) }],
    });
    await waitUntil(
      async () =>
        (await notifications.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [envelope.id]))
          .length > 0,
      `${type} handled`,
      90_000,
    );
    return envelope.id;
  }

  const registration = (practitionerId: string, active: boolean): PractitionerEventData => ({
    practitionerId,
    organizationId: hospital,
    languages: ['en'],
    licenceValidUntil: '2099-12-31',
    licenceType: 'full',
    active,
    roles: [
      {
        roleId: randomUUID(),
        specialtyCode: specialty,
        organizationId: hospital,
        maxOpenCases: 5,
        active,
        availability: [],
      },
    ],
    occurredAt: new Date().toISOString(),
  });

  beforeAll(async () => {
    contacts = await new ContactsStub().start();
    notifications = await startNotificationsWithContacts(contacts, {
      // Other suites' recent referral events, read again from the topic's start, send nothing here.
      MESSAGE_MAX_EVENT_AGE_MINUTES: '1',
    });
    worker = notifications.service.app.get(DispatchWorker);
    producer = testKafka((await testInfrastructure()).kafkaBrokers).producer();
    await producer.connect();
    for (let i = 0; i < POOL; i++) {
      const practitionerId = randomUUID();
      await send('practitioner.registered', practitionerId, registration(practitionerId, true));
      contacts.contacts.set(practitionerId, {
        phone: `+92300${String(parseInt(practitionerId.slice(0, 6), 16) % 1e7).padStart(7, '0')}`,
        email: `${practitionerId.slice(0, 8)}@example.org`,
        languages: ['en'],
      });
      pool.push(practitionerId);
    }
  });

  afterAll(async () => {
    // Out of the pool again, so that the next run's pool is its own ten (Kafka keeps these events).
    for (const practitionerId of pool)
      await send('practitioner.updated', practitionerId, registration(practitionerId, false)).catch(
        () => undefined,
      );
    await producer?.disconnect();
    await notifications?.close();
    await contacts?.stop();
  });

  it('publishes one notification.batch_created for the pool of a submission, not one event per inbox entry, and sends its SMS and email in a few commits per round, not three per message', async () => {
    const drain = async () => {
      let rounds = 0;
      let handled = 0;
      for (;;) {
        const run = await worker.runOnce();
        const n = run.sent + run.skipped + run.failed + run.deferred + run.retrying;
        if (n === 0) return { rounds, handled };
        rounds++;
        handled += n;
      }
    };
    // Nothing due from before (other suites' recent events, read again): sent first.
    await drain();

    const data: ReferralEventData = {
      ...(getEventDefinition('referral.submitted').sample as ReferralEventData),
      referralId: randomUUID(),
      specialtyCode: specialty,
      priority: 'urgent',
      referringOrganizationId: randomUUID(),
      referringPractitionerId: randomUUID(),
      holderPractitionerId: null,
      targetPractitionerId: null,
      actor: undefined,
      occurredAt: new Date().toISOString(),
    };
    const eventId = await send('referral.submitted', data.referralId, data);

    const [{ entries }] = await notifications.dataSource.query(
      `SELECT count(*)::int AS entries FROM notification WHERE source_event_id = $1`,
      [eventId],
    );
    const reached: { id: string }[] = await notifications.dataSource.query(
      `SELECT recipient_practitioner_id::text AS id FROM notification WHERE source_event_id = $1`,
      [eventId],
    );
    expect(reached.map((r) => r.id)).toEqual(expect.arrayContaining(pool));
    const events: { type: string; payload: Record<string, unknown> }[] = await notifications.dataSource.query(
      `SELECT type, payload FROM outbox WHERE payload->>'sourceEventId' = $1 ORDER BY seq`,
      [eventId],
    );
    expect(events.map((e) => e.type)).toEqual(['notification.batch_created']);
    expect(assertEventData('notification.batch_created', events[0].payload)).toMatchObject({
      sourceEventId: eventId,
      sourceEventType: 'referral.submitted',
      referralId: data.referralId,
      channel: 'in-app',
      count: entries,
    });
    const [{ dispatches }] = await notifications.dataSource.query(
      `SELECT count(*)::int AS dispatches FROM notification_dispatch WHERE source_event_id = $1`,
      [eventId],
    );
    expect(dispatches).toBeGreaterThanOrEqual(2 * POOL);
    const counter = countSendCommits(notifications.dataSource);
    let run = { rounds: 0, handled: 0 };
    try {
      run = await drain();
    } finally {
      counter.restore();
    }
    const sent: { status: string; count: number }[] = await notifications.dataSource.query(
      `SELECT status, count(*)::int AS count FROM outbound_message WHERE source_event_id = $1 GROUP BY 1`,
      [eventId],
    );
    expect(sent.find((s) => s.status === 'sent')?.count).toBeGreaterThanOrEqual(2 * POOL);
    const commits = counter.commits();

    console.log(
      `one referral.submitted, pool ${entries}: ${events.length} event(s) published; ` +
        `${dispatches} SMS/email dispatches (${run.handled} handled in all) in ${run.rounds} round(s) ` +
        `with ${commits} commits`,
    );
    expect(run.handled).toBeGreaterThanOrEqual(dispatches);
    // Three commits per message before (the message recorded, its outcome, its dispatch).
    expect(commits).toBeLessThan(run.handled);
  });
});
