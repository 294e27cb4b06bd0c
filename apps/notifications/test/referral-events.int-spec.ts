import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import {
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
import { ALL_ROLES, describeAuthorizationMatrix, type IssuedTestService } from '@referral/testing-service';
import { DispatchWorker } from '../src/dispatch/dispatch-worker';
import { MESSAGE_EVENT_TYPES } from '../src/messaging/templates';
import { ContactsStub, startNotificationsWithContacts, type Contact } from './support/contacts-stub';

interface InboxItem {
  id: string;
  type: string;
  referralId: string;
  title: string;
  body: string;
  readAt: string | null;
}

describe('notifications: the rules at work — inbox entries and SMS/email for who hears what (real PostgreSQL and Kafka)', () => {
  let notifications: IssuedTestService;
  let contacts: ContactsStub;
  let producer: Producer;
  let worker: DispatchWorker;
  const hospital = randomUUID();
  const clinic = randomUUID();
  const referrer = randomUUID();
  const specialty = 'dermatology';
  let clock = Date.now();

  const token = (org: string, roles: string[], practitioner?: string) =>
    notifications.issuer.token({ org, roles, ...(practitioner && { practitioner }) });

  async function send(type: EventType, key: string, data: object): Promise<string> {
    const envelope = createEnvelope({
      type,
      subject: key,
      data,
      source: type.startsWith('practitioner') ? '/directory' : '/referrals',
    });
    const message = { key, value: encodeData(envelope), headers: toKafkaHeaders(envelope) };
    await producer.send({
      topic: type.startsWith('practitioner') ? TOPICS.directoryPractitioner : TOPICS.referral,
      messages: [message],
    });
    await waitUntil(
      async () =>
        (await notifications.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [envelope.id]))
          .length > 0,
      `${type} handled`,
      // The service's consumer group reads each topic from its start: the other suites' events first.
      90_000,
    );
    return envelope.id;
  }

  /** A practitioner in the directory (its event) and their contact details (the directory's endpoint). */
  async function practitioner(
    overrides: Partial<PractitionerEventData> = {},
    contact: Partial<Contact> = {},
    role: Partial<PractitionerEventData['roles'][number]> = {},
  ): Promise<string> {
    const practitionerId = randomUUID();
    const organizationId = overrides.organizationId ?? hospital;
    await send('practitioner.registered', practitionerId, {
      practitionerId,
      organizationId,
      languages: ['ur', 'en'],
      licenceValidUntil: '2099-12-31',
      licenceType: 'full',
      active: true,
      roles: [
        {
          roleId: randomUUID(),
          specialtyCode: specialty,
          organizationId,
          maxOpenCases: 5,
          active: true,
          availability: [],
          ...role,
        },
      ],
      occurredAt: new Date((clock += 1)).toISOString(),
      ...overrides,
    } satisfies PractitionerEventData);
    contacts.contacts.set(practitionerId, {
      phone: `+92300${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
      email: `${practitionerId.slice(0, 8)}@example.org`,
      languages: overrides.languages ?? ['ur', 'en'],
      ...contact,
    });
    return practitionerId;
  }

  const referralEvent = (overrides: Partial<ReferralEventData> = {}): ReferralEventData => ({
    ...(getEventDefinition('referral.submitted').sample as ReferralEventData),
    referralId: randomUUID(),
    specialtyCode: specialty,
    priority: 'urgent',
    referringOrganizationId: clinic,
    referringPractitionerId: referrer,
    holderPractitionerId: null,
    targetPractitionerId: null,
    actor: undefined,
    occurredAt: new Date().toISOString(),
    ...overrides,
  });

  async function inbox(authorization: string, query = ''): Promise<InboxItem[]> {
    const response = await fetch(`${notifications.service.url}/v1/notifications${query}`, {
      headers: { authorization: `Bearer ${authorization}` },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: InboxItem[] }).items;
  }

  const entriesOf = async (referralId: string) =>
    (
      await notifications.dataSource.query(
        `SELECT recipient_practitioner_id AS "practitionerId", organization_id AS "organizationId",
                audience_role AS "role"
           FROM notification WHERE referral_id = $1 ORDER BY 1, 2, 3`,
        [referralId],
      )
    ).map((row: Record<string, string | null>) => row);

  /**
   * Runs the worker until nothing is due. (Kafka keeps the directory events of other suites, so the
   * projection knows specialists this stand-in directory does not: their messages are skipped.)
   */
  async function drain() {
    const total = { sent: 0, skipped: 0, failed: 0, deferred: 0 };
    for (let round = 0; round < 200; round++) {
      const run = await worker.runOnce();
      for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += run[key];
      if (run.sent + run.skipped + run.failed + run.deferred === 0) break;
    }
    return total;
  }

  const messagesOf = (referralId: string) =>
    notifications.dataSource.query(
      `SELECT channel, recipient, recipient_practitioner_id AS "practitionerId", language, status, text, parts, encoding
         FROM outbound_message WHERE referral_id = $1 ORDER BY recipient_practitioner_id, channel`,
      [referralId],
    );

  beforeAll(async () => {
    contacts = await new ContactsStub().start();
    notifications = await startNotificationsWithContacts(contacts);
    worker = notifications.service.app.get(DispatchWorker);
    producer = testKafka((await testInfrastructure()).kafkaBrokers).producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await notifications?.close();
    await contacts?.stop();
  });

  it('tells the pool of a new referral: eligible specialists available now, in the inbox and by SMS and email in their language — once, however often the event comes', async () => {
    const urdu = await practitioner({ languages: ['ur'] });
    const english = await practitioner({ languages: ['en', 'pa'] }, { languages: ['en', 'pa'] });
    const away = await practitioner({}, {}, { availability: [{ day: 'sun', start: '03:00', end: '03:01' }] });
    const expired = await practitioner({ licenceValidUntil: '2020-01-01' });
    const cardiologist = await practitioner({}, {}, { specialtyCode: 'cardiology' });
    const data = referralEvent();

    const envelope = createEnvelope({
      type: 'referral.submitted',
      subject: data.referralId,
      data,
      source: '/referrals',
    });
    const message = { key: data.referralId, value: encodeData(envelope), headers: toKafkaHeaders(envelope) };
    await producer.send({ topic: TOPICS.referral, messages: [message, message] });
    await send('referral.submitted', data.referralId, referralEvent({ referralId: data.referralId }));

    const reached = (await entriesOf(data.referralId)).map(
      (e: { practitionerId: string }) => e.practitionerId,
    );
    expect(reached).toEqual(expect.arrayContaining([urdu, english]));
    for (const absent of [away, expired, cardiologist, referrer]) expect(reached).not.toContain(absent);
    // The event came twice (and a later one once): each specialist has one entry per event.
    expect(reached.filter((id: string) => id === urdu)).toHaveLength(2);

    const mine = await inbox(token(hospital, ['specialist'], urdu), `?referralId=${data.referralId}`);
    expect(mine[0]).toMatchObject({ type: 'referral.submitted', title: 'New referral' });
    expect(mine[0].body).toContain(data.referralId.slice(0, 8).toUpperCase());
    expect(mine[0].body).toContain('Dermatology');
    // Another specialist of the hospital does not read it.
    expect(
      await inbox(token(hospital, ['specialist'], cardiologist), `?referralId=${data.referralId}`),
    ).toEqual([]);

    const run = await drain();
    expect(run).toMatchObject({ failed: 0, deferred: 0 });
    const messages = await messagesOf(data.referralId);
    const urduSms = messages.find(
      (m: { practitionerId: string; channel: string }) => m.practitionerId === urdu && m.channel === 'sms',
    );
    const englishSms = messages.find(
      (m: { practitionerId: string; channel: string }) => m.practitionerId === english && m.channel === 'sms',
    );
    expect(urduSms).toMatchObject({
      language: 'ur',
      encoding: 'UCS-2',
      recipient: contacts.contacts.get(urdu)!.phone,
    });
    expect(englishSms).toMatchObject({ language: 'en', encoding: 'GSM-7' });
    expect(urduSms.parts).toBeGreaterThanOrEqual(1);
    expect(messages.filter((m: { channel: string }) => m.channel === 'email').length).toBeGreaterThanOrEqual(
      2,
    );
    // Two events, each sent once per person and channel.
    expect(messages.filter((m: { practitionerId: string }) => m.practitionerId === urdu)).toHaveLength(4);
    expect(await drain()).toEqual({ sent: 0, skipped: 0, failed: 0, deferred: 0 });
  });

  it.each<[EventType, string[], (ids: Record<string, string>) => Partial<ReferralEventData>]>([
    [
      'referral.claimed',
      ['referrer'],
      (p) => ({ holderPractitionerId: p.holder, actor: { clientId: 'x', practitionerId: p.holder } }),
    ],
    ['referral.accepted', ['referrer'], (p) => ({ holderPractitionerId: p.holder })],
    ['referral.declined', ['referrer'], (p) => ({ holderPractitionerId: p.holder })],
    ['referral.assigned', ['target'], (p) => ({ targetPractitionerId: p.target })],
    [
      'referral.redirected',
      ['holder', 'target'],
      (p) => ({ targetPractitionerId: p.target, previousHolderPractitionerId: p.holder }),
    ],
    ['referral.clarification_requested', ['referrer'], (p) => ({ holderPractitionerId: p.holder })],
    ['referral.clarification_provided', ['holder'], (p) => ({ holderPractitionerId: p.holder })],
    ['referral.consult_provided', ['referrer'], (p) => ({ holderPractitionerId: p.holder })],
    ['referral.converted', ['referrer'], (p) => ({ holderPractitionerId: p.holder })],
    ['referral.closed', ['holder'], (p) => ({ holderPractitionerId: p.holder })],
    ['referral.cancelled', ['holder'], (p) => ({ holderPractitionerId: p.holder })],
  ])(
    '%s reaches %j, in the inbox and by SMS and email in their language',
    async (type, expected, overrides) => {
      // The holder reads Urdu, the target English; the clinic's doctor is in the directory too.
      const ids = {
        holder: await practitioner({ languages: ['ur'] }, {}, { specialtyCode: 'endocrinology' }),
        target: await practitioner({ languages: ['en'] }, {}, { specialtyCode: 'endocrinology' }),
        referrer,
      };
      contacts.contacts.set(referrer, {
        phone: '+923005550199',
        email: 'gp@example.org',
        languages: ['ur', 'en'],
      });
      const languageOf = { holder: 'ur', target: 'en', referrer: 'ur' };
      const data = referralEvent({ specialtyCode: 'endocrinology', ...overrides(ids) });
      await send(type, data.referralId, data);
      const reached = (await entriesOf(data.referralId)).map(
        (e: { practitionerId: string }) => e.practitionerId,
      );
      expect(reached.sort()).toEqual(expected.map((who) => ids[who as keyof typeof ids]).sort());
      const [entry] = await inbox(
        token(
          expected[0] === 'referrer' ? clinic : hospital,
          ['clinician', 'specialist'],
          ids[expected[0] as keyof typeof ids],
        ),
        `?referralId=${data.referralId}`,
      );
      expect(entry.type).toBe(type);

      // SMS and email for the events that have templates (the others are in-app only).
      await drain();
      const messages = await messagesOf(data.referralId);
      if (!(MESSAGE_EVENT_TYPES as readonly string[]).includes(type)) {
        expect(messages).toEqual([]);
        return;
      }
      for (const who of expected as (keyof typeof languageOf)[]) {
        const sms = messages.find(
          (m: { practitionerId: string; channel: string }) =>
            m.practitionerId === ids[who] && m.channel === 'sms',
        );
        const urdu = languageOf[who] === 'ur';
        expect(sms).toMatchObject({
          status: 'sent',
          language: languageOf[who],
          encoding: urdu ? 'UCS-2' : 'GSM-7',
        });
        expect(sms.parts).toBeGreaterThanOrEqual(1);
        expect(sms.parts).toBeLessThanOrEqual(3);
        expect(sms.text).toContain(data.referralId.slice(0, 8).toUpperCase());
        expect(messages).toContainEqual(
          expect.objectContaining({
            practitionerId: ids[who],
            channel: 'email',
            status: 'sent',
            language: languageOf[who],
          }),
        );
      }
    },
  );

  it('alerts the pool’s coordinators on escalation and widens the pool to specialists outside their hours', async () => {
    const away = await practitioner({}, {}, { availability: [{ day: 'sun', start: '03:00', end: '03:01' }] });
    const otherHospital = randomUUID();
    await practitioner({ organizationId: otherHospital });
    const data = referralEvent({ stage: 'escalated' });
    await send('referral.escalated', data.referralId, data);

    const entries = await entriesOf(data.referralId);
    expect(entries).toEqual(
      expect.arrayContaining([
        { practitionerId: null, organizationId: hospital, role: 'coordinator' },
        { practitionerId: null, organizationId: otherHospital, role: 'coordinator' },
        expect.objectContaining({ practitionerId: away }),
      ]),
    );
    expect(await inbox(token(hospital, ['coordinator']), `?referralId=${data.referralId}`)).toEqual([
      expect.objectContaining({ type: 'referral.escalated', title: 'Referral not claimed in time' }),
    ]);
    // The hospital's clinicians are not its coordinators; another organization's coordinators see nothing.
    expect(await inbox(token(hospital, ['clinician']), `?referralId=${data.referralId}`)).toEqual([]);
    expect(await inbox(token(randomUUID(), ['coordinator']), `?referralId=${data.referralId}`)).toEqual([]);
  });

  it('honours preferences: channels chosen, quiet hours for routine news (not urgent), the language asked for', async () => {
    const quiet = await practitioner({}, {}, { specialtyCode: 'psychiatry' });
    const inAppOnly = await practitioner({}, {}, { specialtyCode: 'psychiatry' });
    const put = (id: string, body: object) =>
      fetch(`${notifications.service.url}/v1/notification-preferences`, {
        method: 'PUT',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token(hospital, ['specialist'], id)}`,
        },
        body: JSON.stringify(body),
      });
    // Quiet from this minute (Karachi) until the minute before it: whatever the time, a routine message waits.
    const hhmm = (at: Date) =>
      `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
    const karachiNow = new Date(Date.now() + 5 * 3600_000);
    const quietHours = { start: hhmm(karachiNow), end: hhmm(new Date(karachiNow.getTime() - 60_000)) };
    expect((await put(quiet, { channels: ['sms'], quietHours, language: 'en' })).status).toBe(200);
    expect((await put(inAppOnly, { channels: [] })).status).toBe(200);

    const routine = referralEvent({ specialtyCode: 'psychiatry', priority: 'routine' });
    const urgent = referralEvent({ specialtyCode: 'psychiatry', priority: 'urgent' });
    await send('referral.submitted', routine.referralId, routine);
    await send('referral.submitted', urgent.referralId, urgent);
    const dispatches = await notifications.dataSource.query(
      `SELECT referral_id AS "referralId", practitioner_id AS "practitionerId", channel, not_before > now() + interval '1 hour' AS later
         FROM notification_dispatch WHERE referral_id = ANY($1::uuid[]) ORDER BY referral_id`,
      [[routine.referralId, urgent.referralId]],
    );
    expect(dispatches.filter((d: { practitionerId: string }) => d.practitionerId === inAppOnly)).toEqual([]);
    const ofQuiet = dispatches.filter((d: { practitionerId: string }) => d.practitionerId === quiet);
    expect(ofQuiet).toEqual(
      expect.arrayContaining([
        { referralId: routine.referralId, practitionerId: quiet, channel: 'sms', later: true },
        { referralId: urgent.referralId, practitionerId: quiet, channel: 'sms', later: false },
      ]),
    );
    expect(ofQuiet).toHaveLength(2);
    await drain();
    const [sms] = await messagesOf(urgent.referralId).then((rows) =>
      rows.filter((m: { practitionerId: string }) => m.practitionerId === quiet),
    );
    expect(sms).toMatchObject({ channel: 'sms', language: 'en', status: 'sent' });
    expect(await messagesOf(routine.referralId)).toEqual([]);
    // Both are in the in-app inbox at once.
    expect(
      await inbox(token(hospital, ['specialist'], inAppOnly), `?referralId=${urgent.referralId}`),
    ).toHaveLength(1);
  });

  it('waits for the directory when it is away, skips a practitioner without a phone, and never sends twice', async () => {
    const noPhone = await practitioner({}, { phone: null }, { specialtyCode: 'neurology' });
    const data = referralEvent({ specialtyCode: 'neurology' });
    contacts.down = true;
    try {
      await send('referral.submitted', data.referralId, data);
      // One round: whatever it picks waits for the directory (other suites' specialists included).
      expect(await worker.runOnce()).toMatchObject({ sent: 0, skipped: 0 });
      const waiting = await notifications.dataSource.query(
        `SELECT status, attempts, last_error AS "lastError" FROM notification_dispatch WHERE referral_id = $1 AND practitioner_id = $2`,
        [data.referralId, noPhone],
      );
      expect(waiting.every((d: { status: string }) => d.status === 'pending')).toBe(true);
      expect(await messagesOf(data.referralId)).toEqual([]);
    } finally {
      contacts.down = false;
    }
    // Due again (a second in the past: the worker's clock has milliseconds, the database's microseconds).
    await notifications.dataSource.query(
      `UPDATE notification_dispatch SET not_before = now() - interval '1 second' WHERE referral_id = $1`,
      [data.referralId],
    );
    await drain();
    const messages = await messagesOf(data.referralId);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ practitionerId: noPhone, channel: 'sms', status: 'skipped' }),
        expect.objectContaining({ practitionerId: noPhone, channel: 'email', status: 'sent' }),
      ]),
    );
    const statuses = await notifications.dataSource.query(
      `SELECT status, attempts FROM notification_dispatch WHERE referral_id = $1 AND practitioner_id = $2 ORDER BY channel`,
      [data.referralId, noPhone],
    );
    expect(statuses).toEqual([
      { status: 'sent', attempts: expect.any(Number) },
      { status: 'skipped', attempts: expect.any(Number) },
    ]);
  });

  it('writes only the inbox for an old event (a replay): nobody is texted about the past', async () => {
    const me = await practitioner({}, {}, { specialtyCode: 'nephrology' });
    const data = referralEvent({
      specialtyCode: 'nephrology',
      occurredAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
    });
    await send('referral.submitted', data.referralId, data);
    expect(
      (await entriesOf(data.referralId)).map((e: { practitionerId: string }) => e.practitionerId),
    ).toContain(me);
    expect(
      await notifications.dataSource.query(`SELECT 1 FROM notification_dispatch WHERE referral_id = $1`, [
        data.referralId,
      ]),
    ).toEqual([]);
  });

  it('marks an entry read for its owner only, and pages the inbox', async () => {
    const me = await practitioner({}, {}, { specialtyCode: 'ophthalmology' });
    const events = [
      referralEvent({ specialtyCode: 'ophthalmology' }),
      referralEvent({ specialtyCode: 'ophthalmology' }),
    ];
    for (const data of events) await send('referral.submitted', data.referralId, data);
    const mine = token(hospital, ['specialist'], me);
    const first = await inbox(mine, '?limit=1');
    expect(first).toHaveLength(1);
    const page = await fetch(`${notifications.service.url}/v1/notifications?limit=1`, {
      headers: { authorization: `Bearer ${mine}` },
    }).then((r) => r.json() as Promise<{ nextCursor: string }>);
    const second = await inbox(mine, `?limit=1&cursor=${page.nextCursor}`);
    expect(second[0].id).not.toBe(first[0].id);

    const read = (authorization: string) =>
      fetch(`${notifications.service.url}/v1/notifications/${first[0].id}/read`, {
        method: 'POST',
        headers: { authorization: `Bearer ${authorization}` },
      });
    expect((await read(token(hospital, ['specialist'], randomUUID()))).status).toBe(404);
    const marked = await read(mine);
    expect(marked.status).toBe(200);
    expect(((await marked.json()) as InboxItem).readAt).not.toBeNull();
    expect((await inbox(mine, '?unread=true')).map((n) => n.id)).not.toContain(first[0].id);
    const garbage = await fetch(`${notifications.service.url}/v1/notifications?cursor=garbage`, {
      headers: { authorization: `Bearer ${mine}` },
    });
    expect(garbage.status).toBe(422);
  });

  describeAuthorizationMatrix(
    'notifications',
    { url: () => notifications.service.url, issuer: () => notifications.issuer },
    [
      // Everyone who calls the API has an inbox: their own entries, never refused — but a service
      // role (contact-reader), which reaches only the directory's practitioners.
      {
        method: 'GET',
        path: () => '/v1/notifications',
        allowed: ALL_ROLES.filter((role) => role !== 'contact-reader'),
      },
      {
        method: 'POST',
        path: () => `/v1/notifications/${randomUUID()}/read`,
        // an entry that is nobody's: the role check lets everyone through but contact-reader
        allowed: [],
        hidden: ALL_ROLES.filter((role) => role !== 'contact-reader'),
      },
    ],
  );
});
