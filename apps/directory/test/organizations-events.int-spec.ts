import { randomUUID } from 'node:crypto';
import { assertEventData, OrganizationEventData, TOPICS } from '@referral/contracts';
import { testInfrastructure, testKafka, TopicRecorder } from '@referral/testing';
import type { TestIssuer, TestService } from '@referral/testing-service';
import { startDirectory, type TestDirectory } from './support/directory';

describe('directory: organization events on Kafka (real PostgreSQL and Kafka)', () => {
  let directory: TestDirectory;
  let service: TestService;
  let issuer: TestIssuer;
  let recorder: TopicRecorder;

  const admin = () => ({
    'content-type': 'application/json',
    authorization: `Bearer ${issuer.token({ org: randomUUID(), roles: ['admin'] })}`,
  });

  beforeAll(async () => {
    directory = await startDirectory();
    ({ service, issuer } = directory);
    const infra = await testInfrastructure();
    recorder = await new TopicRecorder(testKafka(infra.kafkaBrokers), [TOPICS.directoryOrganization]).start();
  });

  afterAll(async () => {
    await recorder?.stop();
    await directory?.close();
  });

  it('publishes organization.created and organization.updated as CloudEvents, without name or phone, with coordinates when set', async () => {
    const created = await fetch(`${service.url}/v1/organizations`, {
      method: 'POST',
      headers: admin(),
      body: JSON.stringify({
        name: 'Civil Hospital Turbat',
        kind: 'hospital',
        district: 'Kech',
        province: 'balochistan',
        phone: '0300-1234567',
      }),
    });
    expect(created.status).toBe(201);
    const organization = (await created.json()) as { id: string };
    const patched = await fetch(`${service.url}/v1/organizations/${organization.id}`, {
      method: 'PATCH',
      headers: admin(),
      body: JSON.stringify({
        active: false,
        name: 'DHQ Hospital Turbat',
        latitude: 26.0031,
        longitude: 63.0544,
      }),
    });
    expect(patched.status).toBe(200);

    await recorder.waitFor(
      (messages) => messages.filter((m) => m.key === organization.id).length >= 2,
      'both organization events',
    );
    const events = recorder.messages.filter((m) => m.key === organization.id);
    expect(events.map((m) => m.headers.ce_type)).toEqual(['organization.created', 'organization.updated']);

    const coordinates = [[], ['latitude', 'longitude']];
    for (const [index, event] of events.entries()) {
      expect(event.topic).toBe('directory.organization.v1');
      expect(event.headers).toMatchObject({
        ce_specversion: '1.0',
        ce_source: '/directory',
        ce_subject: organization.id,
        'content-type': 'application/json',
      });
      expect(event.headers.ce_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(event.headers.ce_dataschema).toMatch(/directory\.organization\.v1$/);
      const data = JSON.parse(event.value!) as Record<string, unknown>;
      expect(assertEventData(event.headers.ce_type, data)).toBeInstanceOf(OrganizationEventData);
      expect(Object.keys(data).sort()).toEqual(
        [
          'active',
          'district',
          'kind',
          'occurredAt',
          'organizationId',
          'province',
          ...coordinates[index],
        ].sort(),
      );
      expect(event.value).not.toContain('Turbat');
      expect(event.value).not.toContain('1234567');
    }

    const [createdData, updatedData] = events.map((m) => JSON.parse(m.value!));
    expect(createdData).toMatchObject({
      organizationId: organization.id,
      kind: 'hospital',
      district: 'Kech',
      province: 'balochistan',
      active: true,
    });
    expect(updatedData).toMatchObject({
      organizationId: organization.id,
      active: false,
      latitude: 26.0031,
      longitude: 63.0544,
    });
  });

  it('keeps the row and its event together: a refused patch publishes nothing', async () => {
    const before = await directory.count('outbox');
    const response = await fetch(`${service.url}/v1/organizations/${randomUUID()}`, {
      method: 'PATCH',
      headers: admin(),
      body: JSON.stringify({ active: false }),
    });
    expect(response.status).toBe(404);
    expect(await directory.count('outbox')).toBe(before);
  });
});
