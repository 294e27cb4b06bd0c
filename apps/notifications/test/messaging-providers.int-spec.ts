import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { HttpSmsProvider } from '../src/messaging/providers/http-sms.provider';
import { DeliveryError } from '../src/messaging/providers/message-provider';
import {
  messageRequest,
  startMessaging,
  type MessagingService,
  type OutboundMessageItem,
} from './messaging-support';

const GATEWAY_KEY = 'sk_live_4f9a1c7e2b8d4e6f9a0b1c2d3e4f5a6b';
const SMTP_PASSWORD = 'smtp-pass-7Qx2Lm9Vb4';
const BODY_TEMPLATE = '{"message":{"recipients":["{{to}}"],"body":"{{text}}"},"sender":"{{from}}"}';

interface GatewayRequest {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface ReceivedMail {
  from: string;
  to: string[];
  user: string | undefined;
  raw: string;
}

/** The header fields and the decoded body of a single-part text message, as nodemailer writes one. */
function parseMail(raw: string): { headers: Record<string, string>; text: string } {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  // RFC 2047 encoded words (adjacent ones joined), B and Q.
  const decodeWords = (value: string) =>
    value
      .replace(/\?=\s+=\?/g, '?==?')
      .replace(/=\?utf-8\?([BbQq])\?([^?]*)\?=/gi, (_, kind: string, data: string) =>
        kind.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64').toString('utf8')
          : Buffer.from(
              data
                .replace(/_/g, ' ')
                .replace(/=([0-9A-F]{2})/gi, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))),
              'latin1',
            ).toString('utf8'),
      );
  for (const name of ['subject', 'from', 'to']) headers[name] = decodeWords(headers[name] ?? '');
  const body = rest.join('\r\n\r\n');
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(
            body
              .replace(/=\r\n/g, '')
              .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8')
        : body;
  return { headers, text: text.replace(/\r\n/g, '\n').replace(/\n$/, '') };
}

/**
 * The real providers against real servers in the test: an HTTP SMS gateway (node:http) and an SMTP
 * server (smtp-server), with the notifications service configured for them as in production.
 */
describe('notifications messaging: the HTTP SMS gateway and SMTP (real servers, real PostgreSQL)', () => {
  let messaging: MessagingService;
  let gateway: Server;
  let smtp: SMTPServer;
  const gatewayRequests: GatewayRequest[] = [];
  let gatewayAnswer: 'ok' | 'error' | 'slow' = 'ok';
  const mails: ReceivedMail[] = [];

  const sent = async (messageId: string): Promise<OutboundMessageItem> => {
    const { body } = await messaging.list('?limit=100');
    return body.items.find((i) => i.id === messageId) as OutboundMessageItem;
  };

  beforeAll(async () => {
    gateway = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        gatewayRequests.push({ method: request.method as string, headers: request.headers, body });
        if (gatewayAnswer === 'error') {
          response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"upstream down"}');
        } else if (gatewayAnswer === 'slow') {
          setTimeout(() => response.writeHead(200).end('{"data":{"messageId":"too-late"}}'), 3000).unref();
        } else {
          response
            .writeHead(202, { 'content-type': 'application/json' })
            .end(JSON.stringify({ data: { messageId: `gw-${gatewayRequests.length}` } }));
        }
      });
    });
    gateway.listen(0, '127.0.0.1');
    await once(gateway, 'listening');

    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === 'mailer' && auth.password === SMTP_PASSWORD) callback(null, { user: 'mailer' });
        else callback(new Error('Invalid username or password'));
      },
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('refused@')) {
          callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
        } else if (address.address.startsWith('busy@')) {
          callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
        } else callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            user: session.user as string | undefined,
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;

    messaging = await startMessaging({
      SMS_PROVIDER: 'http',
      SMS_HTTP_URL: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/v2/messages`,
      SMS_HTTP_AUTH_HEADER: `Bearer ${GATEWAY_KEY}`,
      SMS_HTTP_BODY_TEMPLATE: BODY_TEMPLATE,
      SMS_HTTP_MESSAGE_ID_FIELD: 'data.messageId',
      SMS_HTTP_TIMEOUT_MS: '500',
      SMS_FROM: 'RefPK',
      SMS_MAX_PARTS: '2',
      EMAIL_PROVIDER: 'smtp',
      SMTP_URL: `smtp://mailer:${SMTP_PASSWORD}@127.0.0.1:${smtpPort}`,
      SMTP_TIMEOUT_MS: '5000',
      EMAIL_FROM: 'Specialist Referral <no-reply@referral.example.pk>',
    });
  });

  afterAll(async () => {
    await messaging?.close();
    gateway?.closeAllConnections();
    await new Promise<void>((resolve) => (gateway ? gateway.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  beforeEach(() => {
    gatewayAnswer = 'ok';
  });

  describe('HTTP SMS gateway', () => {
    it('posts the body template filled JSON-escaped, with the auth header, and keeps the gateway id', async () => {
      const request = messageRequest({
        eventType: 'referral.clarification_requested',
        to: { phone: '0300-1234567', language: 'ur' },
      });
      const before = gatewayRequests.length;
      const outcome = await messaging.sender.send(request);
      expect(outcome).toEqual({ messageId: expect.any(String), status: 'sent', duplicate: false });

      expect(gatewayRequests).toHaveLength(before + 1);
      const posted = gatewayRequests[before];
      expect(posted.method).toBe('POST');
      expect(posted.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(posted.headers.authorization).toBe(`Bearer ${GATEWAY_KEY}`);
      const message = await sent(outcome.messageId);
      expect(JSON.parse(posted.body)).toEqual({
        message: { recipients: ['+923001234567'], body: message.text },
        sender: 'RefPK',
      });
      expect(message).toMatchObject({
        provider: 'http',
        status: 'sent',
        providerMessageId: `gw-${before + 1}`,
        encoding: 'UCS-2',
        parts: 2,
        language: 'ur',
        recipient: '+923001234567',
      });
      expect(message.text).toMatch(/^ماہر نے ریفرل [0-9A-F]{8} کے بارے میں سوال پوچھا ہے۔/);
      expect(message.sentAt).not.toBeNull();
    });

    it('records a message the gateway answers 500 as failed, with the status only', async () => {
      gatewayAnswer = 'error';
      const outcome = await messaging.sender.send(messageRequest());
      expect(outcome).toEqual({ messageId: expect.any(String), status: 'failed', duplicate: false });
      expect(await sent(outcome.messageId)).toMatchObject({
        status: 'failed',
        error: 'SMS gateway answered 500',
        providerMessageId: null,
        sentAt: null,
      });
    });

    it('records a message the gateway does not answer within SMS_HTTP_TIMEOUT_MS as failed', async () => {
      gatewayAnswer = 'slow';
      const started = Date.now();
      const outcome = await messaging.sender.send(messageRequest());
      expect(Date.now() - started).toBeLessThan(2500);
      expect(outcome.status).toBe('failed');
      expect((await sent(outcome.messageId)).error).toBe('SMS gateway did not answer within 500 ms');
    });

    it('posts once for a redelivered event', async () => {
      const request = messageRequest({ eventType: 'referral.assigned' });
      const before = gatewayRequests.length;
      const first = await messaging.sender.send(request);
      const again = await messaging.sender.send(request);
      expect(again).toEqual({ messageId: first.messageId, status: 'sent', duplicate: true });
      expect(gatewayRequests).toHaveLength(before + 1);
    });

    it('posts nothing for an SMS that needs more than SMS_MAX_PARTS parts even without its optional text', async () => {
      const before = gatewayRequests.length;
      // Urdu, in 3 parts at the least; this service allows 2.
      const outcome = await messaging.sender.send(
        messageRequest({
          eventType: 'referral.answer_overdue',
          to: { phone: '0300-1234567', language: 'ur' },
        }),
      );
      expect(outcome.status).toBe('failed');
      expect(await sent(outcome.messageId)).toMatchObject({
        status: 'failed',
        error: 'the text needs 3 SMS parts, more than SMS_MAX_PARTS=2',
        text: null,
      });
      expect(gatewayRequests).toHaveLength(before);
    });

    it('posts nothing for a practitioner without a phone', async () => {
      const before = gatewayRequests.length;
      const outcome = await messaging.sender.send(messageRequest({ to: { phone: null, language: 'en' } }));
      expect(outcome).toMatchObject({ status: 'skipped', skipReason: 'no-phone' });
      expect((await sent(outcome.messageId)).provider).toBe('http');
      expect(gatewayRequests).toHaveLength(before);
    });

    it('fails with the kind of error, never the URL or the key, when the gateway is unreachable', async () => {
      const closed = createServer();
      closed.listen(0, '127.0.0.1');
      await once(closed, 'listening');
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const provider = new HttpSmsProvider({
        url: `http://127.0.0.1:${port}/send?api_key=${GATEWAY_KEY}`,
        authHeader: `X-Api-Key: ${GATEWAY_KEY}`,
        bodyTemplate: BODY_TEMPLATE,
        from: 'RefPK',
        messageIdField: 'id',
        timeoutMs: 1000,
      });
      const failure = await provider
        .send({ id: randomUUID(), to: '+923001234567', text: 'x' })
        .catch((e) => e);
      expect(failure).toBeInstanceOf(DeliveryError);
      expect(failure.message).toBe('SMS gateway unreachable (ECONNREFUSED)');
    });
  });

  describe('SMTP', () => {
    it('delivers the email with its from, to, subject and text, signed in with the SMTP_URL credentials', async () => {
      const before = mails.length;
      const request = messageRequest({
        channel: 'email',
        eventType: 'referral.consult_provided',
        to: { email: 'Dr.Ayesha@Clinic.example.pk', language: 'en' },
      });
      const outcome = await messaging.sender.send(request);
      expect(outcome.status).toBe('sent');
      expect(mails).toHaveLength(before + 1);
      const mail = mails[before];
      expect(mail).toMatchObject({
        from: 'no-reply@referral.example.pk',
        to: ['dr.ayesha@clinic.example.pk'],
        user: 'mailer',
      });
      const message = await sent(outcome.messageId);
      const { headers, text } = parseMail(mail.raw);
      expect(headers.from).toBe('Specialist Referral <no-reply@referral.example.pk>');
      expect(headers.to).toBe('dr.ayesha@clinic.example.pk');
      expect(headers.subject).toBe(message.subject);
      expect(headers.subject).toMatch(/^Advice ready on referral [0-9A-F]{8}$/);
      expect(text).toBe(message.text);
      expect(message).toMatchObject({
        provider: 'smtp',
        status: 'sent',
        providerMessageId: headers['message-id'],
      });
    });

    it('delivers an Urdu email whose subject and text arrive intact', async () => {
      const before = mails.length;
      const outcome = await messaging.sender.send(
        messageRequest({
          channel: 'email',
          eventType: 'referral.submitted',
          to: { email: 'specialist@hospital.example.pk', language: 'ur' },
        }),
      );
      const message = await sent(outcome.messageId);
      const { headers, text } = parseMail(mails[before].raw);
      expect(headers.subject).toBe(message.subject);
      expect(headers.subject).toMatch(/^امراضِ جلد کا نیا کیس [0-9A-F]{8} \(معمول\)$/);
      expect(text).toBe(message.text);
      expect(headers['content-type']).toMatch(/charset=utf-8/i);
    });

    it('records an email the server refuses as failed, with the SMTP code', async () => {
      const outcome = await messaging.sender.send(
        messageRequest({ channel: 'email', to: { email: 'refused@clinic.example.pk', language: 'en' } }),
      );
      expect(outcome.status).toBe('failed');
      expect((await sent(outcome.messageId)).error).toBe('SMTP delivery failed (EENVELOPE 550)');
    });

    it('with retries: keeps an email the server defers (451) pending to retry it, and fails a 550 for good', async () => {
      const request = messageRequest({
        channel: 'email',
        to: { email: 'busy@clinic.example.pk', language: 'en' },
      });
      const deferred = await messaging.sender.send(request, { retryForMs: 60_000 });
      expect(deferred).toMatchObject({
        status: 'pending',
        retry: { attempts: 1, error: 'SMTP delivery failed (EENVELOPE 451)' },
      });
      expect(await sent(deferred.messageId)).toMatchObject({ status: 'pending' });
      // Retried (the same request again) once the time is up: failed, not permanent.
      const last = await messaging.sender.send(request, {
        retryForMs: 60_000,
        now: new Date(Date.now() + 61_000),
      });
      expect(last).toMatchObject({
        messageId: deferred.messageId,
        status: 'failed',
        failure: { attempts: 2, permanent: false, provider: 'smtp' },
      });
      expect(await messaging.sender.send(request, { retryForMs: 60_000 })).toMatchObject({
        status: 'failed',
        duplicate: true,
      });

      const refused = await messaging.sender.send(
        messageRequest({ channel: 'email', to: { email: 'refused@clinic.example.pk', language: 'en' } }),
        { retryForMs: 60_000 },
      );
      expect(refused).toMatchObject({ status: 'failed', failure: { attempts: 1, permanent: true } });
    });
  });

  // Last: after every success and failure above.
  describe('logs', () => {
    it('never hold the gateway key or the SMTP password', () => {
      const everything = messaging.logs.join('\n');
      expect(everything).toContain('"sms":"http"');
      expect(everything).toContain('"email":"smtp"');
      expect(everything).toContain('"status":"failed"');
      expect(everything).not.toContain(GATEWAY_KEY);
      expect(everything).not.toContain(SMTP_PASSWORD);
    });
  });
});
