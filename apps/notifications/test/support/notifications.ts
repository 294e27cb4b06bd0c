import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import {
  createEnvelope,
  encodeData,
  getEventDefinition,
  toKafkaHeaders,
  TOPICS,
  type EventEnvelope,
  type EventType,
  type PractitionerEventData,
  type ReferralEventData,
} from '@referral/contracts';
import { testInfrastructure, testKafka, waitUntil, type TestDatabase } from '@referral/testing';
import {
  startIssuedTestService,
  startTestService,
  type IssuedTestService,
  type TestIssuer,
  type TestService,
} from '@referral/testing-service';
import { AppModule } from '../../src/app.module';
import { NotificationsEnv } from '../../src/config';
import { entities } from '../../src/entities';
import { migrations } from '../../src/migrations';

/** A key for the webhook secrets of the tests (not a development key: those start with "dev-only-"). */
export const TEST_SECRET_KEY = `test-1:${randomBytes(32).toString('base64')}`;

/** What the tests run with unless they say otherwise: receivers on 127.0.0.1, fast retries, no jitter. */
const TEST_ENV = {
  WEBHOOK_SECRET_KEY: TEST_SECRET_KEY,
  WEBHOOK_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
  WEBHOOK_RETRY_SCHEDULE: '0,200ms,200ms,200ms',
  WEBHOOK_RETRY_JITTER_PERCENT: '0',
  WEBHOOK_POLL_INTERVAL_MS: '100',
  WEBHOOK_TIMEOUT_MS: '3000',
};

const definition = {
  name: 'notifications',
  envClass: NotificationsEnv,
  appModule: AppModule,
  entities,
  migrations,
  consumes: [TOPICS.referral, TOPICS.directoryPractitioner],
};

/** The notifications service in-process on a database of its own, trusting a test issuer's tokens. */
export function startNotifications(env: Record<string, string> = {}): Promise<IssuedTestService> {
  return startIssuedTestService({ ...definition, env: { ...TEST_ENV, ...env } });
}

/** Another instance of the service on an existing database and consumer group (a restart). */
export function restartNotifications(
  database: TestDatabase,
  issuer: TestIssuer,
  env: Record<string, string> = {},
): Promise<TestService> {
  return startTestService({ ...definition, database, env: { ...TEST_ENV, ...issuer.env(), ...env } });
}

/** Events as referrals and the directory publish them, waiting until the service has handled each. */
export class EventFeed {
  private producer?: Producer;
  private clock = Date.now();

  constructor(private readonly dataSource: () => DataSource) {}

  async referral(
    type: EventType,
    overrides: Partial<ReferralEventData> = {},
    options: { wait?: boolean } = {},
  ): Promise<EventEnvelope<ReferralEventData>> {
    const data = {
      ...(getEventDefinition(type).sample as ReferralEventData),
      referralId: randomUUID(),
      occurredAt: new Date().toISOString(),
      ...overrides,
    };
    return this.publish(TOPICS.referral, '/referrals', type, data.referralId, data, options.wait ?? true);
  }

  /** A specialist with one role (by default in dermatology at `organizationId`), in the projection. */
  async practitioner(overrides: Partial<PractitionerEventData> = {}): Promise<PractitionerEventData> {
    const organizationId = overrides.organizationId ?? randomUUID();
    const data: PractitionerEventData = {
      practitionerId: randomUUID(),
      organizationId,
      languages: ['ur', 'en'],
      licenceValidUntil: '2099-12-31',
      licenceType: 'full',
      active: true,
      roles: [
        {
          roleId: randomUUID(),
          specialtyCode: 'dermatology',
          organizationId,
          maxOpenCases: 5,
          active: true,
          availability: [],
        },
      ],
      occurredAt: new Date((this.clock += 1)).toISOString(),
      ...overrides,
    };
    await this.publish(
      TOPICS.directoryPractitioner,
      '/directory',
      'practitioner.registered',
      data.practitionerId,
      data,
      true,
    );
    return data;
  }

  async publish<T>(topic: string, source: string, type: EventType, subject: string, data: T, wait: boolean) {
    const envelope = createEnvelope({ type, subject, data, source });
    await this.send(topic, [envelope]);
    if (wait) await this.handled(envelope.id);
    return envelope as EventEnvelope<T>;
  }

  async send(topic: string, envelopes: EventEnvelope[]): Promise<void> {
    if (!this.producer) {
      this.producer = testKafka((await testInfrastructure()).kafkaBrokers).producer();
      await this.producer.connect();
    }
    await this.producer.send({
      topic,
      messages: envelopes.map((envelope) => ({
        key: envelope.subject,
        value: encodeData(envelope),
        headers: toKafkaHeaders(envelope),
      })),
    });
  }

  handled(eventId: string): Promise<void> {
    return waitUntil(
      async () =>
        (await this.dataSource().query(`SELECT 1 FROM inbox WHERE event_id = $1`, [eventId])).length > 0,
      `event ${eventId} handled`,
    );
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect();
  }
}

export interface ReceivedWebhook {
  webhookId: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** When it arrived (ms since the epoch). */
  at: number;
  /** Which arrival of this webhook-id it is, from 1. */
  arrival: number;
  /** The status answered; undefined while the receiver holds the request, or when it never answered. */
  answered?: number;
  /** The answer was sent in full before the connection closed. */
  completed: boolean;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** Hold the request this long before answering. */
  delayMs?: number;
}

/**
 * A partner's webhook receiver: a real HTTP server on 127.0.0.1 that records every request and answers
 * as `respond` decides (204 by default).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private server?: Server;

  constructor(public respond: (webhook: ReceivedWebhook) => Answer = () => ({ status: 204 })) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const webhookId = String(request.headers['webhook-id'] ?? '');
        const webhook: ReceivedWebhook = {
          webhookId,
          path: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
          arrival: this.received.filter((r) => r.webhookId === webhookId).length + 1,
          completed: false,
        };
        this.received.push(webhook);
        const answer = this.respond(webhook);
        const reply = () => {
          if (response.destroyed || request.socket.destroyed) return;
          webhook.answered = answer.status;
          response.on('finish', () => (webhook.completed = true));
          response.writeHead(answer.status, answer.headers).end();
        };
        if (answer.delayMs) setTimeout(reply, answer.delayMs);
        else reply();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  url(path = '/hooks'): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}${path}`;
  }

  /** The webhooks a receiver successfully took (2xx sent in full), by webhook-id: how many times. */
  delivered(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of this.received) {
      if (r.completed && r.answered !== undefined && r.answered >= 200 && r.answered < 300) {
        counts.set(r.webhookId, (counts.get(r.webhookId) ?? 0) + 1);
      }
    }
    return counts;
  }

  of(webhookId: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.webhookId === webhookId);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve) ?? resolve(undefined));
  }
}
