import { randomUUID } from 'node:crypto';
import { describeAuthorizationMatrix } from '@referral/testing-service';
import { smsLength } from '../src/messaging/sms-parts';
import { MESSAGE_EVENT_TYPES } from '../src/messaging/templates';
import { messageRequest, PUBLIC_APP_URL, startMessaging, type MessagingService } from './messaging-support';

/**
 * SMS and email through the development sinks (the default providers): every message lands in
 * `outbound_message`, readable by admins through GET /v1/admin/outbound-messages. Real PostgreSQL.
 */
describe('notifications messaging: the development sinks and the send log (real PostgreSQL)', () => {
  let messaging: MessagingService;

  beforeAll(async () => {
    messaging = await startMessaging();
  });

  afterAll(async () => {
    await messaging?.close();
  });

  it('writes an SMS and an email for every event to the sink, in English and in Urdu, with their SMS parts', async () => {
    const referralId = randomUUID();
    for (const language of ['en', 'ur'])
      for (const eventType of MESSAGE_EVENT_TYPES)
        for (const channel of ['sms', 'email'] as const) {
          const outcome = await messaging.sender.send(
            messageRequest({
              channel,
              eventType,
              referralId,
              priority: 'urgent',
              specialtyCode: 'paediatrics',
              to: { phone: '0301-7654321', email: 'Dr.Bilal@Hospital.example.pk', language },
            }),
          );
          expect({ eventType, language, channel, ...outcome }).toEqual({
            eventType,
            language,
            channel,
            messageId: expect.any(String),
            status: 'sent',
            duplicate: false,
          });
        }

    const { status, body } = await messaging.list(`?referralId=${referralId}&limit=100`);
    expect(status).toBe(200);
    expect(body.items).toHaveLength(MESSAGE_EVENT_TYPES.length * 2 * 2);
    const ref = referralId.slice(0, 8).toUpperCase();
    for (const item of body.items) {
      const where = `${item.language} ${item.template} ${item.channel}`;
      expect({ where, provider: item.provider, status: item.status }).toEqual({
        where,
        provider: 'sink',
        status: 'sent',
      });
      expect(item.providerMessageId).toBe(`sink:${item.id}`);
      expect(item.sentAt).not.toBeNull();
      expect(item.text).toContain(ref);
      expect(item.text).toContain(`${PUBLIC_APP_URL}/r/${referralId}`);
      expect(item.requestedLanguage).toBe(item.language);
      if (item.channel === 'sms') {
        expect(item.recipient).toBe('+923017654321');
        expect(item.subject).toBeNull();
        // English in GSM-7 (160/153), Urdu in UCS-2 (70/67); the count stored is the count of the text.
        expect({ where, encoding: item.encoding }).toEqual({
          where,
          encoding: item.language === 'en' ? 'GSM-7' : 'UCS-2',
        });
        expect(item.parts).toBe(smsLength(item.text as string).parts);
        expect(item.parts).toBeLessThanOrEqual(3);
      } else {
        expect(item.recipient).toBe('dr.bilal@hospital.example.pk');
        expect(item.subject).toContain(ref);
        expect({ encoding: item.encoding, parts: item.parts }).toEqual({ encoding: null, parts: null });
      }
    }

    const submitted = (language: string, channel: string) =>
      body.items.find(
        (i) => i.template === 'referral.submitted' && i.language === language && i.channel === channel,
      );
    expect(submitted('en', 'sms')).toMatchObject({
      text: `New Paediatrics case ${ref} (urgent) is waiting in your queue. Claim it if you can answer. ${PUBLIC_APP_URL}/r/${referralId}`,
      encoding: 'GSM-7',
      parts: 2,
    });
    expect(submitted('ur', 'sms')).toMatchObject({
      text: `آپ کی قطار میں امراضِ اطفال کا نیا کیس ${ref} (فوری) منتظر ہے۔ جواب دے سکیں تو اسے لے لیں۔ ${PUBLIC_APP_URL}/r/${referralId}`,
      encoding: 'UCS-2',
      parts: 3,
    });
    expect(submitted('ur', 'email')).toMatchObject({ subject: `امراضِ اطفال کا نیا کیس ${ref} (فوری)` });
    expect(submitted('en', 'email')?.text).toMatch(/This message holds no patient details/);
  });

  it('records an SMS to a practitioner without a phone as skipped (no-phone), and an email without an address likewise', async () => {
    const request = messageRequest({ to: { language: 'ur', practitionerId: randomUUID() } });
    expect(await messaging.sender.send(request)).toEqual({
      messageId: expect.any(String),
      status: 'skipped',
      duplicate: false,
      skipReason: 'no-phone',
    });
    expect(await messaging.sender.send({ ...request, channel: 'email' })).toMatchObject({
      status: 'skipped',
      skipReason: 'no-email',
    });
    expect(
      await messaging.sender.send(messageRequest({ to: { phone: '12345', language: 'en' } })),
    ).toMatchObject({ status: 'skipped', skipReason: 'invalid-phone' });

    const { body } = await messaging.list(`?referralId=${request.referralId}`);
    expect(body.items.map((i) => [i.channel, i.status, i.skipReason, i.recipient, i.text])).toEqual(
      expect.arrayContaining([
        ['sms', 'skipped', 'no-phone', null, null],
        ['email', 'skipped', 'no-email', null, null],
      ]),
    );
    expect(body.items[0].recipientPractitionerId).toBe(request.to.practitionerId);
  });

  it('sends nothing twice for a redelivered event, even when the deliveries race; other recipients still get theirs', async () => {
    const request = messageRequest({ eventType: 'referral.consult_provided' });
    const first = await messaging.sender.send(request);
    const again = await messaging.sender.send({ ...request, to: { ...request.to, phone: '+923001234567' } });
    expect(again).toEqual({ messageId: first.messageId, status: 'sent', duplicate: true });

    const racing = messageRequest({ eventType: 'referral.escalated' });
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => messaging.sender.send(racing)));
    expect(new Set(outcomes.map((o) => o.messageId)).size).toBe(1);
    expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1);

    // The same event to another phone, and by email to the same person: separate messages.
    const other = await messaging.sender.send({ ...racing, to: { ...racing.to, phone: '0333-1112223' } });
    const email = await messaging.sender.send({ ...racing, channel: 'email' });
    expect([other.duplicate, email.duplicate]).toEqual([false, false]);
    // A skipped message is not retried either.
    const phoneless = messageRequest({ to: { language: 'en', practitionerId: randomUUID() } });
    await messaging.sender.send(phoneless);
    expect(await messaging.sender.send(phoneless)).toMatchObject({ status: 'skipped', duplicate: true });

    for (const [referralId, count] of [
      [request.referralId, 1],
      [racing.referralId, 3],
      [phoneless.referralId, 1],
    ] as const) {
      expect((await messaging.list(`?referralId=${referralId}`)).body.items).toHaveLength(count);
    }
  });

  it('falls back to English for a language without templates and logs it without the recipient or the text', async () => {
    const request = messageRequest({
      eventType: 'referral.declined',
      to: { phone: '0345-9876543', language: 'sd' },
    });
    const outcome = await messaging.sender.send(request);
    const { body } = await messaging.list(`?referralId=${request.referralId}`);
    expect(body.items).toEqual([
      expect.objectContaining({
        id: outcome.messageId,
        language: 'en',
        requestedLanguage: 'sd',
        encoding: 'GSM-7',
        text: expect.stringMatching(/^Your Dermatology referral [0-9A-F]{8} was declined\./),
      }),
    ]);
    const warning = messaging.logs
      .map((l) => JSON.parse(l))
      .find((l) => l.msg?.startsWith('message template missing'));
    expect(warning).toMatchObject({
      level: 40,
      eventType: 'referral.declined',
      channel: 'sms',
      language: 'sd',
      fallback: 'en',
    });
    const everything = messaging.logs.join('\n');
    expect(everything).toContain(outcome.messageId);
    for (const secret of [
      '+923459876543',
      '0345-9876543',
      body.items[0].text as string,
      'dr.ayesha@clinic.example.pk',
    ])
      expect(everything).not.toContain(secret);
  });

  describe('GET /v1/admin/outbound-messages', () => {
    const referralId = randomUUID();
    const ids: string[] = [];

    beforeAll(async () => {
      for (let i = 0; i < 5; i++) {
        const outcome = await messaging.sender.send(
          messageRequest({
            referralId,
            channel: i % 2 === 0 ? 'sms' : 'email',
            to: { phone: '0312-5550000', email: 'coordinator@hub.example.pk', language: 'en' },
          }),
        );
        ids.unshift(outcome.messageId); // newest first
      }
    });

    it('lists newest first and pages with a cursor', async () => {
      const first = await messaging.list(`?referralId=${referralId}&limit=2`);
      expect(first.body.items.map((i) => i.id)).toEqual(ids.slice(0, 2));
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await messaging.list(
        `?referralId=${referralId}&limit=2&cursor=${first.body.nextCursor}`,
      );
      expect(second.body.items.map((i) => i.id)).toEqual(ids.slice(2, 4));
      const third = await messaging.list(
        `?referralId=${referralId}&limit=2&cursor=${second.body.nextCursor}`,
      );
      expect(third.body).toEqual({ items: [expect.objectContaining({ id: ids[4] })], nextCursor: null });
    });

    it('filters by channel, by recipient in any phone form or address case, and by status', async () => {
      const sms = await messaging.list(`?referralId=${referralId}&channel=sms`);
      expect(sms.body.items.map((i) => i.channel)).toEqual(['sms', 'sms', 'sms']);
      const byPhone = await messaging.list(
        `?recipient=${encodeURIComponent('+92 312 5550000')}&referralId=${referralId}`,
      );
      expect(byPhone.body.items).toHaveLength(3);
      const byEmail = await messaging.list(`?recipient=Coordinator@Hub.example.pk&referralId=${referralId}`);
      expect(byEmail.body.items.map((i) => i.recipient)).toEqual([
        'coordinator@hub.example.pk',
        'coordinator@hub.example.pk',
      ]);
      expect((await messaging.list(`?referralId=${referralId}&status=failed`)).body.items).toEqual([]);
    });

    it.each([
      ['?cursor=bm90LWEtY3Vyc29y', 'cursor'],
      [`?cursor=${Buffer.from(JSON.stringify({ after: randomUUID() })).toString('base64url')}`, 'cursor'],
      ['?channel=fax', 'channel'],
      ['?status=lost', 'status'],
      ['?referralId=42', 'referralId'],
      ['?limit=0', 'limit'],
    ])('answers 422 naming the field for %s', async (query, field) => {
      const { status, body } = await messaging.list(query);
      expect(status).toBe(422);
      expect((body as unknown as { errors: { field: string }[] }).errors).toEqual([
        expect.objectContaining({ field }),
      ]);
    });

    it('caps ?limit= at 100', async () => {
      expect((await messaging.list('?limit=500')).status).toBe(200);
    });

    it('is for admins only: 403 for every other role', async () => {
      for (const role of ['coordinator', 'clinician', 'specialist', 'partner'])
        expect((await messaging.list('', [role])).status).toBe(403);
    });
  });

  describeAuthorizationMatrix(
    'messaging',
    { url: () => messaging.service.url, issuer: () => messaging.issuer },
    [{ method: 'GET', path: () => '/v1/admin/outbound-messages', allowed: ['admin'] }],
  );
});
