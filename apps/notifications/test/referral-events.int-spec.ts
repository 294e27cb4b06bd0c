import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createEnvelope, encodeData, getEventDefinition, toKafkaHeaders, TOPICS } from '@referral/contracts';
import { testInfrastructure, testKafka, waitUntil } from '@referral/testing';
import {
  ALL_ROLES,
  describeAuthorizationMatrix,
  startTestService,
  TestIssuer,
  type TestService,
} from '@referral/testing-service';
import { AppModule } from '../src/app.module';
import { NotificationsEnv } from '../src/config';
import { entities } from '../src/entities';
import { migrations } from '../src/migrations';
import { TEST_SECRET_KEY } from './support/notifications';

describe('notifications: referral events become inbox entries (real PostgreSQL and Kafka)', () => {
  let service: TestService;
  let dataSource: DataSource;
  let issuer: TestIssuer;
  const as = (org: string) => ({
    authorization: `Bearer ${issuer.token({ org, roles: ['clinician'] })}`,
  });

  beforeAll(async () => {
    issuer = await new TestIssuer().start();
    service = await startTestService({
      name: 'notifications',
      envClass: NotificationsEnv,
      appModule: AppModule,
      entities,
      migrations,
      consumes: [TOPICS.referral, TOPICS.directoryPractitioner],
      env: { ...issuer.env(), WEBHOOK_SECRET_KEY: TEST_SECRET_KEY },
    });
    dataSource = service.app.get(DataSource);
  });

  afterAll(async () => {
    await service?.close();
    await issuer?.stop();
  });

  it('writes one inbox entry for the referring clinic, even when the event arrives twice', async () => {
    const clinic = randomUUID();
    const referralId = randomUUID();
    const data = {
      ...(getEventDefinition('referral.submitted').sample as object),
      referralId,
      referringOrganizationId: clinic,
    };
    const envelope = createEnvelope({
      type: 'referral.submitted',
      subject: referralId,
      data,
      source: '/referrals',
    });
    const message = { key: referralId, value: encodeData(envelope), headers: toKafkaHeaders(envelope) };
    // A later event on the same key (so the same partition): once it is handled, both copies were.
    const markerId = randomUUID();
    const marker = createEnvelope({
      type: 'referral.submitted',
      subject: markerId,
      data: { ...data, referralId: markerId },
      source: '/referrals',
    });
    const producer = testKafka((await testInfrastructure()).kafkaBrokers).producer();
    await producer.connect();
    await producer.send({
      topic: TOPICS.referral,
      messages: [
        message,
        message,
        { key: referralId, value: encodeData(marker), headers: toKafkaHeaders(marker) },
      ],
    });
    await producer.disconnect();

    const list = async (id = referralId) => {
      const response = await fetch(`${service.url}/v1/notifications?referralId=${id}`, {
        headers: as(clinic),
      });
      return ((await response.json()) as { items: { type: string; referralId: string }[] }).items;
    };
    await waitUntil(async () => (await list(markerId)).length > 0, 'the inbox entry of the later event');
    expect(await list()).toEqual([expect.objectContaining({ type: 'referral.submitted', referralId })]);
    expect(
      await dataSource.query(`SELECT consumer FROM inbox WHERE event_id = $1`, [envelope.id]),
    ).toHaveLength(1);
    const created = await dataSource.query(`SELECT payload FROM outbox WHERE type = 'notification.created'`);
    expect(
      created.filter(
        (row: { payload: { sourceEventId: string } }) => row.payload.sourceEventId === envelope.id,
      ),
    ).toHaveLength(1);

    const other = await fetch(`${service.url}/v1/notifications?referralId=${referralId}`, {
      headers: as(randomUUID()),
    });
    expect(((await other.json()) as { items: unknown[] }).items).toEqual([]);
  });

  describeAuthorizationMatrix('notifications', { url: () => service.url, issuer: () => issuer }, [
    // Everyone who calls the API has an inbox: filtered to their own organization, never refused.
    { method: 'GET', path: () => '/v1/notifications', allowed: [...ALL_ROLES] },
  ]);
});
