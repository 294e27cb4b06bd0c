import { randomBytes, randomUUID } from 'node:crypto';
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
  type OrganizationEventData,
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
  consumes: [TOPICS.referral, TOPICS.directoryPractitioner, TOPICS.directoryOrganization],
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

  /** An organization as the directory announces it (`organization.created`), in the projection. */
  async organization(overrides: Partial<OrganizationEventData> = {}): Promise<OrganizationEventData> {
    const data: OrganizationEventData = {
      organizationId: randomUUID(),
      kind: 'partner',
      district: 'Rawalpindi',
      province: 'punjab',
      active: true,
      occurredAt: new Date((this.clock += 1)).toISOString(),
      ...overrides,
    };
    await this.publish(
      TOPICS.directoryOrganization,
      '/directory',
      'organization.created',
      data.organizationId,
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
