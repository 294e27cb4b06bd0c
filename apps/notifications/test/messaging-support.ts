import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { TOPICS } from '@referral/contracts';
import { startIssuedTestService, type IssuedTestService } from '@referral/testing-service';
import { AppModule } from '../src/app.module';
import { NotificationsEnv } from '../src/config';
import { entities } from '../src/entities';
import { MessageSender, type SendMessageRequest } from '../src/messaging/message-sender';
import { migrations } from '../src/migrations';

export const PUBLIC_APP_URL = 'https://referrals.example.org.pk';

export interface OutboundMessageItem {
  id: string;
  channel: 'sms' | 'email';
  recipient: string | null;
  recipientPractitionerId: string | null;
  language: string;
  requestedLanguage: string;
  template: string;
  referralId: string;
  subject: string | null;
  text: string | null;
  encoding: 'GSM-7' | 'UCS-2' | null;
  parts: number | null;
  provider: string;
  status: 'pending' | 'sent' | 'failed' | 'skipped';
  providerMessageId: string | null;
  error: string | null;
  skipReason: string | null;
  sourceEventId: string;
  createdAt: string;
  sentAt: string | null;
}

export interface MessagingService extends IssuedTestService {
  sender: MessageSender;
  /** Every line the service logged, at debug level. */
  logs: string[];
  /** `GET /v1/admin/outbound-messages` with the given query, as an admin unless roles are given. */
  list(
    query?: string,
    roles?: string[],
  ): Promise<{ status: number; body: { items: OutboundMessageItem[]; nextCursor: string | null } }>;
}

/** The notifications service with the environment given (the sinks by default), its logs captured. */
export async function startMessaging(env: Record<string, string> = {}): Promise<MessagingService> {
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const notifications = await startIssuedTestService({
    name: 'notifications',
    envClass: NotificationsEnv,
    appModule: AppModule,
    entities,
    migrations,
    consumes: [TOPICS.referral],
    env: { PUBLIC_APP_URL, ...env },
    logger: pino({ level: 'debug' }, stream),
  });
  return {
    ...notifications,
    sender: notifications.service.app.get(MessageSender),
    logs,
    async list(query = '', roles = ['admin']) {
      const response = await fetch(`${notifications.service.url}/v1/admin/outbound-messages${query}`, {
        headers: {
          authorization: `Bearer ${notifications.issuer.token({ org: randomUUID(), practitioner: randomUUID(), roles })}`,
        },
      });
      return {
        status: response.status,
        body: (await response.json()) as { items: OutboundMessageItem[]; nextCursor: string | null },
      };
    },
  };
}

/** A send request about a fresh referral event; override what the test is about. */
export function messageRequest(over: Partial<SendMessageRequest> = {}): SendMessageRequest {
  return {
    channel: 'sms',
    to: {
      phone: '0300-1234567',
      email: 'dr.ayesha@clinic.example.pk',
      language: 'en',
      practitionerId: randomUUID(),
    },
    eventType: 'referral.claimed',
    referralId: randomUUID(),
    priority: 'routine',
    specialtyCode: 'dermatology',
    sourceEventId: randomUUID(),
    ...over,
  };
}
