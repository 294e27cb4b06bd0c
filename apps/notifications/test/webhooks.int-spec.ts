import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { TOPICS } from '@referral/contracts';
import { waitUntil, WebhookReceiver, type Answer, type ReceivedWebhook } from '@referral/testing';
import {
  ALL_ROLES,
  describeAuthorizationMatrix,
  type IssuedTestService,
  type MatrixFixture,
  type MatrixRole,
} from '@referral/testing-service';
import { EventFeed, startNotifications } from './support/notifications';

interface Endpoint {
  id: string;
  organizationId: string;
  url: string;
  eventTypes: string[];
  description: string | null;
  payload: 'event' | 'none';
  headerNames: string[];
  enabled: boolean;
  disabledReason: string | null;
  previousSecretExpiresAt: string | null;
  secret?: string;
}
interface Delivery {
  id: string;
  endpointId: string;
  webhookId: string;
  eventType: string;
  attempt: number;
  status: string;
  responseStatus: number | null;
  error: string | null;
  attemptedAt: string | null;
  nextAttemptAt: string | null;
  replayOf: string | null;
}
interface Problem {
  type: string;
  errors?: { field: string; message: string }[];
}

const verify = (secret: string, hook: ReceivedWebhook) =>
  new Webhook(secret).verify(hook.body, hook.headers as Record<string, string>);

describe('notifications: webhooks to partner systems (real PostgreSQL, Kafka and HTTP receivers)', () => {
  let notifications: IssuedTestService;
  let feed: EventFeed;
  /**
   * A stand-in directory (GET /v1/organizations/{id}): the organizations it knows (older than the
   * retention of directory.organization.v1, so never in the projection), those it answers 500 for,
   * those whose connection it drops, and every request it had.
   */
  let directory: Server;
  const directoryKnows = new Map<string, { active: boolean; updatedAt: string }>();
  const directoryFails = new Map<string, 'status-500' | 'drop'>();
  const directoryAsked: { url: string; authorization: string | undefined }[] = [];
  const receivers: WebhookReceiver[] = [];
  /** A partner organization of its own for each test, so that tests do not hear each other's events. */
  let partnerOrg: string;
  beforeEach(() => {
    partnerOrg = randomUUID();
  });

  async function receiver(respond?: (hook: ReceivedWebhook) => Answer): Promise<WebhookReceiver> {
    const started = await new WebhookReceiver(respond).start();
    receivers.push(started);
    return started;
  }

  const token = (org: string, roles: MatrixRole[]) => `Bearer ${notifications.issuer.token({ org, roles })}`;
  async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { body?: unknown; org?: string; roles?: MatrixRole[]; authorization?: string } = {},
  ) {
    const response = await fetch(`${notifications.service.url}${path}`, {
      method,
      headers: {
        authorization:
          options.authorization ?? token(options.org ?? partnerOrg, options.roles ?? ['partner']),
        ...(options.body !== undefined && { 'content-type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async function register(
    at: WebhookReceiver,
    body: Record<string, unknown> = {},
    org?: string,
  ): Promise<Endpoint & { secret: string }> {
    const response = await call<Endpoint & { secret: string }>('POST', '/v1/webhook-endpoints', {
      org: org ?? partnerOrg,
      body: { url: at.url(), eventTypes: ['referral.*'], ...body },
    });
    expect(response.status).toBe(201);
    return response.body;
  }

  const log = async (endpointId: string, query = '') => {
    const response = await call<{ items: Delivery[]; nextCursor: string | null }>(
      'GET',
      `/v1/webhook-endpoints/${endpointId}/deliveries${query}`,
    );
    expect(response.status).toBe(200);
    return response.body.items;
  };
  /** The log of one message, oldest attempt first. */
  const attemptsOf = async (endpointId: string, webhookId: string) =>
    (await log(endpointId, `?webhookId=${webhookId}&limit=100`)).reverse();
  const settled = (endpointId: string, webhookId: string, attempts: number) =>
    waitUntil(async () => {
      const entries = await attemptsOf(endpointId, webhookId);
      return entries.length === attempts && entries.every((entry) => entry.status !== 'pending');
    }, `${attempts} settled attempts of ${webhookId}`);
  const outbox = async (type: string): Promise<Record<string, unknown>[]> =>
    (
      await notifications.dataSource.query(`SELECT payload FROM outbox WHERE type = $1 ORDER BY seq`, [type])
    ).map((row: { payload: Record<string, unknown> }) => row.payload);
  const received = (at: WebhookReceiver, count: number) =>
    waitUntil(async () => at.received.length >= count, `${count} requests at the receiver`);

  beforeAll(async () => {
    directory = createServer((request, response) => {
      directoryAsked.push({ url: request.url ?? '', authorization: request.headers.authorization });
      const id = /^\/v1\/organizations\/([^/]+)$/.exec(request.url ?? '')?.[1] ?? '';
      const failure = directoryFails.get(id);
      if (failure === 'drop') return request.socket.destroy();
      if (failure === 'status-500') return response.writeHead(500).end('{}');
      const known = directoryKnows.get(id);
      response.setHeader('content-type', 'application/json');
      if (!known) return response.writeHead(404).end('{}');
      response.end(
        JSON.stringify({
          id,
          name: 'Rural Health Centre Test',
          kind: 'hospital',
          district: 'Chakwal',
          province: 'punjab',
          phone: null,
          active: known.active,
          createdAt: '2026-01-05T08:00:00.000Z',
          updatedAt: known.updatedAt,
        }),
      );
    });
    await new Promise<void>((resolve) => directory.listen(0, '127.0.0.1', resolve));
    notifications = await startNotifications({
      WEBHOOK_TIMEOUT_MS: '1000',
      DIRECTORY_URL: `http://127.0.0.1:${(directory.address() as AddressInfo).port}`,
    });
    feed = new EventFeed(() => notifications.dataSource);
  });

  afterAll(async () => {
    await feed?.stop();
    for (const r of receivers) await r.stop();
    await notifications?.close();
    directory?.closeAllConnections();
    await new Promise<void>((resolve) => (directory ? directory.close(() => resolve()) : resolve()));
  });

  describe('endpoints', () => {
    it('registers an endpoint with a whsec_ secret shown once and stored encrypted', async () => {
      const endpoint = await register(await receiver(), { description: 'Shifa HIS production' });
      expect(endpoint).toMatchObject({
        organizationId: partnerOrg,
        eventTypes: ['referral.*'],
        description: 'Shifa HIS production',
        payload: 'event',
        headerNames: [],
        enabled: true,
        disabledReason: null,
        previousSecretExpiresAt: null,
      });
      expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(Buffer.from(endpoint.secret.slice(6), 'base64')).toHaveLength(32);

      const [row] = await notifications.dataSource.query(`SELECT * FROM webhook_endpoint WHERE id = $1`, [
        endpoint.id,
      ]);
      expect(JSON.stringify(row)).not.toContain(endpoint.secret.slice(6));
      expect(row.secret_ciphertext).toMatch(/^test-1:/);

      const read = await call<Endpoint>('GET', `/v1/webhook-endpoints/${endpoint.id}`);
      expect(read.status).toBe(200);
      expect(read.body).not.toHaveProperty('secret');
      const list = await call<{ items: Endpoint[] }>('GET', '/v1/webhook-endpoints?limit=100');
      expect(list.body.items.map((e) => e.id)).toContain(endpoint.id);
      expect(JSON.stringify(list.body)).not.toContain('whsec_');
    });

    it('registers for the partner’s own organization; an admin names the organization', async () => {
      const at = await receiver();
      const other = randomUUID();
      const foreign = await call<Problem>('POST', '/v1/webhook-endpoints', {
        body: { url: at.url(), eventTypes: ['*'], organizationId: other },
      });
      expect(foreign.status).toBe(403);
      const own = await call<Endpoint>('POST', '/v1/webhook-endpoints', {
        body: { url: at.url(), eventTypes: ['*'], organizationId: partnerOrg },
      });
      expect(own.status).toBe(201);

      const adminWithout = await call<Problem>('POST', '/v1/webhook-endpoints', {
        roles: ['admin'],
        body: { url: at.url(), eventTypes: ['*'] },
      });
      expect(adminWithout.status).toBe(422);
      expect(adminWithout.body.errors).toEqual([expect.objectContaining({ field: 'organizationId' })]);
      await feed.organization({ organizationId: other });
      const adminFor = await call<Endpoint>('POST', '/v1/webhook-endpoints', {
        roles: ['admin'],
        body: { url: at.url(), eventTypes: ['*'], organizationId: other },
      });
      expect(adminFor.status).toBe(201);
      expect(adminFor.body.organizationId).toBe(other);

      // Lists: a partner sees its own organization's; an admin every organization's, or one's.
      const mine = await call<{ items: Endpoint[] }>('GET', '/v1/webhook-endpoints?limit=100');
      expect(mine.body.items.every((e) => e.organizationId === partnerOrg)).toBe(true);
      expect((await call('GET', `/v1/webhook-endpoints?organizationId=${other}`)).status).toBe(403);
      const theirs = await call<{ items: Endpoint[] }>(
        'GET',
        `/v1/webhook-endpoints?organizationId=${other}`,
        {
          roles: ['admin'],
        },
      );
      expect(theirs.body.items.map((e) => e.id)).toEqual([adminFor.body.id]);
    });

    it('accepts an admin’s endpoint for an organization older than the topic’s retention: the directory, asked with the admin’s token, knows it', async () => {
      const at = await receiver();
      const older = randomUUID();
      directoryKnows.set(older, { active: true, updatedAt: '2026-02-01T09:00:00.000Z' });
      const admin = token(partnerOrg, ['admin']);
      const accepted = await call<Endpoint>('POST', '/v1/webhook-endpoints', {
        authorization: admin,
        body: { url: at.url(), eventTypes: ['*'], organizationId: older },
      });
      expect(accepted.status).toBe(201);
      expect(accepted.body.organizationId).toBe(older);
      expect(directoryAsked.filter((r) => r.url === `/v1/organizations/${older}`)).toEqual([
        { url: `/v1/organizations/${older}`, authorization: admin },
      ]);
      // Now in the projection (as of the directory's updatedAt), so not asked again.
      const [row] = await notifications.dataSource.query(
        `SELECT active, last_event_at AS "asOf" FROM directory_organization WHERE organization_id = $1`,
        [older],
      );
      expect(row).toEqual({ active: true, asOf: new Date('2026-02-01T09:00:00.000Z') });
      const again = await call<Endpoint>('POST', '/v1/webhook-endpoints', {
        roles: ['admin'],
        body: { url: at.url(), eventTypes: ['referral.*'], organizationId: older },
      });
      expect(again.status).toBe(201);
      expect(directoryAsked.filter((r) => r.url === `/v1/organizations/${older}`)).toHaveLength(1);

      // A deactivated one the directory still has is accepted too (its endpoints stay manageable).
      const inactive = randomUUID();
      directoryKnows.set(inactive, { active: false, updatedAt: '2026-03-01T09:00:00.000Z' });
      const forInactive = await call<Endpoint>('POST', '/v1/webhook-endpoints', {
        roles: ['admin'],
        body: { url: at.url(), eventTypes: ['*'], organizationId: inactive },
      });
      expect(forInactive.status).toBe(201);
      expect(
        await notifications.dataSource.query(
          `SELECT active FROM directory_organization WHERE organization_id = $1`,
          [inactive],
        ),
      ).toEqual([{ active: false }]);
    });

    it.each([
      ['answers 500', 'status-500' as const],
      ['cannot be reached (connection dropped)', 'drop' as const],
    ])(
      'answers 503 directory-unavailable, writing nothing, when the directory %s',
      async (_label, failure) => {
        const at = await receiver();
        const organizationId = randomUUID();
        directoryFails.set(organizationId, failure);
        const response = await call<Problem & { status: number }>('POST', '/v1/webhook-endpoints', {
          roles: ['admin'],
          body: { url: at.url(), eventTypes: ['*'], organizationId },
        });
        expect(response.status).toBe(503);
        expect(response.body.type).toBe('urn:problem-type:directory-unavailable');
        expect(directoryAsked.some((r) => r.url === `/v1/organizations/${organizationId}`)).toBe(true);
        for (const table of ['webhook_endpoint', 'directory_organization']) {
          expect(
            await notifications.dataSource.query(`SELECT 1 FROM ${table} WHERE organization_id = $1`, [
              organizationId,
            ]),
          ).toEqual([]);
        }
      },
    );

    it('refuses (422) an admin’s endpoint for an organization the directory does not know', async () => {
      const at = await receiver();
      const unknown = randomUUID();
      const admin = token(partnerOrg, ['admin']);
      const refused = await call<Problem>('POST', '/v1/webhook-endpoints', {
        authorization: admin,
        body: { url: at.url(), eventTypes: ['*'], organizationId: unknown },
      });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'organizationId' })]);
      // Unknown to the projection, so the directory was asked, with the admin's own token: 404 there too.
      expect(directoryAsked.filter((r) => r.url === `/v1/organizations/${unknown}`)).toEqual([
        { url: `/v1/organizations/${unknown}`, authorization: admin },
      ]);
      expect(
        await notifications.dataSource.query(`SELECT 1 FROM webhook_endpoint WHERE organization_id = $1`, [
          unknown,
        ]),
      ).toEqual([]);
      expect(
        await notifications.dataSource.query(
          `SELECT 1 FROM directory_organization WHERE organization_id = $1`,
          [unknown],
        ),
      ).toEqual([]);

      // Known once the directory's organization.created arrived (Kafka), practitioners or not.
      await feed.organization({ organizationId: unknown, kind: 'hospital' });
      const accepted = await call<Endpoint>('POST', '/v1/webhook-endpoints', {
        roles: ['admin'],
        body: { url: at.url(), eventTypes: ['*'], organizationId: unknown },
      });
      expect(accepted.status).toBe(201);
      expect(accepted.body.organizationId).toBe(unknown);

      // An organization the directory deactivated later is still known: its endpoints stay manageable.
      await feed.publish(
        TOPICS.directoryOrganization,
        '/directory',
        'organization.updated',
        unknown,
        {
          organizationId: unknown,
          kind: 'hospital',
          district: 'Rawalpindi',
          province: 'punjab',
          active: false,
          occurredAt: new Date().toISOString(),
        },
        true,
      );
      const [row] = await notifications.dataSource.query(
        `SELECT active FROM directory_organization WHERE organization_id = $1`,
        [unknown],
      );
      expect(row).toEqual({ active: false });
    });

    it.each([
      ['a loopback address not on the allow-list', 'http://127.0.0.2:9/hooks', 'loopback'],
      ['IPv6 loopback', 'http://[::1]:9/hooks', 'loopback'],
      ['an IPv4-mapped IPv6 cloud metadata address', 'http://[::ffff:169.254.169.254]/latest', 'link-local'],
      ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/', 'link-local'],
      ['a private network', 'http://10.20.30.40/hooks', 'private'],
      ['CGNAT', 'http://100.64.1.1/hooks', 'cgnat'],
      ['the unspecified address', 'http://0.0.0.0:80/', 'unspecified'],
      ['a unique-local IPv6 address', 'http://[fd12:3456::1]/', 'unique-local'],
      ['a host that does not resolve', 'https://partner.invalid/hooks', 'does not resolve'],
      ['credentials in the URL', 'https://user:secret@8.8.8.8/hooks', 'user name or password'],
      ['another scheme', 'ftp://8.8.8.8/hooks', 'http(s) URL'],
    ])('refuses %s with 422, writing nothing', async (_label, url, reason) => {
      const before = await notifications.count('webhook_endpoint');
      const response = await call<Problem>('POST', '/v1/webhook-endpoints', {
        body: { url, eventTypes: ['referral.*'] },
      });
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([
        expect.objectContaining({ field: 'url', message: expect.stringContaining(reason) }),
      ]);
      expect(await notifications.count('webhook_endpoint')).toBe(before);
    });

    it('refuses event types it does not know, and an empty list', async () => {
      const at = await receiver();
      for (const eventTypes of [['referral.clamed'], ['case_file.*'], [], ['*', '*'], 'referral.*']) {
        const response = await call<Problem>('POST', '/v1/webhook-endpoints', {
          body: { url: at.url(), eventTypes },
        });
        expect({ eventTypes, status: response.status }).toEqual({ eventTypes, status: 422 });
      }
    });

    it('changes, disables, enables and deletes an endpoint; a private URL is refused on change too', async () => {
      const at = await receiver();
      const endpoint = await register(at);
      const changed = await call<Endpoint>('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, {
        body: { eventTypes: ['referral.closed'], description: 'closed only', enabled: false },
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({
        eventTypes: ['referral.closed'],
        description: 'closed only',
        enabled: false,
        disabledReason: 'manual',
      });
      expect(changed.body).not.toHaveProperty('secret');
      const privateUrl = await call<Problem>('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, {
        body: { url: 'http://192.168.0.10/hooks' },
      });
      expect(privateUrl.status).toBe(422);
      const enabled = await call<Endpoint>('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, {
        body: { enabled: true },
      });
      expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null, url: at.url() });
      expect(
        (await call('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { body: { rotateSecret: false } }))
          .status,
      ).toBe(422);

      expect(
        (await call('DELETE', `/v1/webhook-endpoints/${endpoint.id}`, { org: randomUUID() })).status,
      ).toBe(404);
      expect(
        (await call('DELETE', `/v1/webhook-endpoints/${endpoint.id}`, { roles: ['clinician'] })).status,
      ).toBe(403);
      expect((await call('DELETE', `/v1/webhook-endpoints/${endpoint.id}`)).status).toBe(204);
      expect((await call('GET', `/v1/webhook-endpoints/${endpoint.id}`)).status).toBe(404);
      expect((await call('DELETE', `/v1/webhook-endpoints/${endpoint.id}`)).status).toBe(404);
    });

    it('pages the list of endpoints with a cursor', async () => {
      const org = randomUUID();
      const at = await receiver();
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push((await register(at, {}, org)).id);
      const first = await call<{ items: Endpoint[]; nextCursor: string }>(
        'GET',
        '/v1/webhook-endpoints?limit=2',
        {
          org,
        },
      );
      expect(first.body.items).toHaveLength(2);
      const second = await call<{ items: Endpoint[]; nextCursor: null }>(
        'GET',
        `/v1/webhook-endpoints?limit=2&cursor=${first.body.nextCursor}`,
        { org },
      );
      expect([...first.body.items, ...second.body.items].map((e) => e.id).sort()).toEqual(ids.sort());
      expect(second.body.nextCursor).toBeNull();
      expect((await call('GET', '/v1/webhook-endpoints?cursor=bogus', { org })).status).toBe(422);
    });
  });

  describe('deliveries', () => {
    it('delivers a referral event, signed per Standard Webhooks, with a thin body and webhook-id = the event id', async () => {
      const at = await receiver();
      const endpoint = await register(at);
      const event = await feed.referral('referral.submitted', { referringOrganizationId: partnerOrg });
      await received(at, 1);
      const [hook] = at.received;
      expect(hook.webhookId).toBe(event.id);
      expect(hook.headers['content-type']).toBe('application/json');
      expect(Number(hook.headers['webhook-timestamp'])).toBeCloseTo(Date.now() / 1000, -2);
      expect(verify(endpoint.secret, hook)).toEqual({
        type: 'referral.submitted',
        timestamp: event.data.occurredAt,
        data: {
          referralId: event.data.referralId,
          status: 'requested',
          stage: 'pool',
          priority: 'routine',
          specialtyCode: 'dermatology',
          referringOrganizationId: partnerOrg,
          targetPractitionerId: null,
          holderPractitionerId: null,
          claimDueAt: event.data.claimDueAt,
          answerDueAt: event.data.answerDueAt,
          occurredAt: event.data.occurredAt,
        },
      });
      expect(hook.body).not.toContain(event.data.caseFileId);

      await settled(endpoint.id, event.id, 1);
      const [entry] = await attemptsOf(endpoint.id, event.id);
      expect(entry).toMatchObject({
        webhookId: event.id,
        eventType: 'referral.submitted',
        attempt: 1,
        status: 'succeeded',
        responseStatus: 204,
        error: null,
        nextAttemptAt: null,
      });
      await waitUntil(
        async () => (await outbox('webhook.delivered')).some((e) => e.webhookId === event.id),
        'webhook.delivered in the outbox',
      );
      expect((await outbox('webhook.delivery_attempted')).filter((e) => e.webhookId === event.id)).toEqual([
        expect.objectContaining({
          deliveryId: entry.id,
          endpointId: endpoint.id,
          attempt: 1,
          status: 'succeeded',
          responseStatus: 204,
        }),
      ]);
    });

    it('delivers to every involved organization that subscribes to the type, once each, even when the event comes twice', async () => {
      const [clinicAt, hospitalAt, bystanderAt, closedOnlyAt] = await Promise.all([
        receiver(),
        receiver(),
        receiver(),
        receiver(),
      ]);
      const clinic = randomUUID();
      const hospital = randomUUID();
      await register(clinicAt, {}, clinic);
      await register(hospitalAt, { eventTypes: ['referral.claimed'] }, hospital);
      await register(bystanderAt, { eventTypes: ['*'] }, randomUUID());
      await register(closedOnlyAt, { eventTypes: ['referral.closed'] }, clinic);
      const specialist = await feed.practitioner({ organizationId: randomUUID() });
      // The specialist belongs to one organization, and takes dermatology cases at the hospital.
      await feed.practitioner({
        ...specialist,
        roles: [{ ...specialist.roles[0], organizationId: hospital }],
        occurredAt: new Date(Date.now() + 1).toISOString(),
      });

      const submitted = await feed.referral('referral.submitted', { referringOrganizationId: clinic });
      const claimed = await feed.referral('referral.claimed', {
        referralId: submitted.data.referralId,
        referringOrganizationId: clinic,
        holderPractitionerId: specialist.practitionerId,
        actor: { clientId: 'specialist-app', practitionerId: specialist.practitionerId },
      });
      await feed.send('referrals.referral.v1', [claimed]); // again, as after a consumer restart
      const marker = await feed.referral('referral.accepted', {
        referralId: submitted.data.referralId,
        referringOrganizationId: clinic,
        holderPractitionerId: specialist.practitionerId,
      });
      await waitUntil(async () => clinicAt.delivered().has(marker.id), 'the last event at the clinic');
      await waitUntil(async () => hospitalAt.delivered().has(claimed.id), 'the claim at the hospital');

      expect([...clinicAt.delivered()]).toEqual([
        [submitted.id, 1],
        [claimed.id, 1],
        [marker.id, 1],
      ]);
      // The hospital's endpoint takes claims only; the accepted event did not reach it either way.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect([...hospitalAt.delivered()]).toEqual([[claimed.id, 1]]);
      expect(bystanderAt.received).toEqual([]);
      expect(closedOnlyAt.received).toEqual([]);
    });

    it('retries a receiver that fails (500, timeout, refused connection) until it succeeds, with the same webhook-id and a new signature each time', async () => {
      const at = await receiver((hook) =>
        hook.arrival === 1
          ? { status: 500 }
          : hook.arrival === 2
            ? { status: 204, delayMs: 1500 }
            : { status: 200 },
      );
      const endpoint = await register(at);
      const event = await feed.referral('referral.submitted', { referringOrganizationId: partnerOrg });
      await settled(endpoint.id, event.id, 3);

      const entries = await attemptsOf(endpoint.id, event.id);
      expect(entries).toEqual([
        expect.objectContaining({ attempt: 1, status: 'failed', responseStatus: 500, error: 'http-error' }),
        expect.objectContaining({ attempt: 2, status: 'failed', responseStatus: null, error: 'timeout' }),
        expect.objectContaining({
          attempt: 3,
          status: 'succeeded',
          responseStatus: 200,
          nextAttemptAt: null,
        }),
      ]);
      // A failed attempt that is retried says when; the next attempt is then due.
      for (const [failed, next] of [entries.slice(0, 2), entries.slice(1, 3)]) {
        expect(failed.nextAttemptAt).not.toBeNull();
        expect(Date.parse(next.attemptedAt!)).toBeGreaterThanOrEqual(Date.parse(failed.nextAttemptAt!) - 5);
      }
      expect(at.received.map((hook) => hook.webhookId)).toEqual([event.id, event.id, event.id]);
      for (const hook of at.received) expect(verify(endpoint.secret, hook)).toBeTruthy();
      expect(new Set(at.received.map((hook) => hook.body)).size).toBe(1);
      expect([...at.delivered()]).toEqual([[event.id, 1]]);

      const unreachable = await register(at, { url: 'http://127.0.0.1:9/nobody-listens' });
      const lost = await feed.referral('referral.submitted', { referringOrganizationId: partnerOrg });
      await settled(unreachable.id, lost.id, 4);
      const failures = await attemptsOf(unreachable.id, lost.id);
      expect(failures.map((e) => [e.attempt, e.status, e.error])).toEqual([
        [1, 'failed', 'connection-failed'],
        [2, 'failed', 'connection-failed'],
        [3, 'failed', 'connection-failed'],
        [4, 'failed', 'connection-failed'],
      ]);
      expect(failures[3].nextAttemptAt).toBeNull();
      await waitUntil(
        async () => (await outbox('webhook.delivery_failed')).some((e) => e.webhookId === lost.id),
        'webhook.delivery_failed',
      );
      expect((await outbox('webhook.delivery_failed')).find((e) => e.webhookId === lost.id)).toMatchObject({
        endpointId: unreachable.id,
        attempts: 4,
        reason: 'retries-exhausted',
        responseStatus: null,
      });
    });

    it('does not follow a redirect: a 3xx is a failed attempt, and the other URL hears nothing', async () => {
      const elsewhere = await receiver();
      const at = await receiver((hook) =>
        hook.arrival === 1 ? { status: 301, headers: { location: elsewhere.url() } } : { status: 204 },
      );
      const endpoint = await register(at);
      const event = await feed.referral('referral.submitted', { referringOrganizationId: partnerOrg });
      await settled(endpoint.id, event.id, 2);
      expect(
        (await attemptsOf(endpoint.id, event.id)).map((e) => [e.status, e.responseStatus, e.error]),
      ).toEqual([
        ['failed', 301, 'redirect-not-followed'],
        ['succeeded', 204, null],
      ]);
      expect(elsewhere.received).toEqual([]);
    });

    it('waits as long as Retry-After asks when that is longer than the schedule', async () => {
      const at = await receiver((hook) =>
        hook.arrival === 1 ? { status: 503, headers: { 'retry-after': '2' } } : { status: 204 },
      );
      const endpoint = await register(at);
      const event = await feed.referral('referral.submitted', { referringOrganizationId: partnerOrg });
      await settled(endpoint.id, event.id, 2);
      const [first, second] = await attemptsOf(endpoint.id, event.id);
      expect(Date.parse(first.nextAttemptAt!) - Date.parse(first.attemptedAt!)).toBeGreaterThanOrEqual(2000);
      expect(at.received[1].at - at.received[0].at).toBeGreaterThanOrEqual(1900);
      expect(second.status).toBe('succeeded');
    });

    it('disables an endpoint that answers 410, sending it nothing more, and says so on the event stream', async () => {
      const at = await receiver(() => ({ status: 410 }));
      const endpoint = await register(at);
      const first = await feed.referral('referral.submitted', { referringOrganizationId: partnerOrg });
      await settled(endpoint.id, first.id, 1);
      expect((await attemptsOf(endpoint.id, first.id))[0]).toMatchObject({
        status: 'failed',
        responseStatus: 410,
        error: 'endpoint-gone',
        nextAttemptAt: null,
      });
      expect((await call<Endpoint>('GET', `/v1/webhook-endpoints/${endpoint.id}`)).body).toMatchObject({
        enabled: false,
        disabledReason: 'gone',
      });
      await waitUntil(
        async () => (await outbox('webhook.endpoint_disabled')).some((e) => e.endpointId === endpoint.id),
        'webhook.endpoint_disabled',
      );
      expect((await outbox('webhook.delivery_failed')).find((e) => e.webhookId === first.id)).toMatchObject({
        reason: 'endpoint-gone',
        responseStatus: 410,
        attempts: 1,
      });

      await feed.referral('referral.submitted', { referringOrganizationId: partnerOrg });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(at.received).toHaveLength(1);
      expect((await call('POST', `/v1/webhook-endpoints/${endpoint.id}/test`)).status).toBe(409);
    });

    it('signs with the new and the old secret during a rotation, both verifiable', async () => {
      const at = await receiver();
      const endpoint = await register(at);
      const rotated = await call<Endpoint & { secret: string }>(
        'PATCH',
        `/v1/webhook-endpoints/${endpoint.id}`,
        {
          body: { rotateSecret: true },
        },
      );
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).toMatch(/^whsec_/);
      expect(rotated.body.secret).not.toBe(endpoint.secret);
      const window = Date.parse(rotated.body.previousSecretExpiresAt!) - Date.now();
      expect(window).toBeGreaterThan(23.9 * 3600_000);
      expect(window).toBeLessThanOrEqual(24 * 3600_000);

      const event = await feed.referral('referral.submitted', { referringOrganizationId: partnerOrg });
      await received(at, 1);
      const [hook] = at.received;
      const signatures = String(hook.headers['webhook-signature']).split(' ');
      expect(signatures).toHaveLength(2);
      expect(signatures.every((s) => s.startsWith('v1,'))).toBe(true);
      expect(verify(rotated.body.secret, hook)).toMatchObject({ type: 'referral.submitted' });
      expect(verify(endpoint.secret, hook)).toMatchObject({ type: 'referral.submitted' });
      expect(hook.webhookId).toBe(event.id);

      // Once the window is over, only the new secret signs.
      await notifications.dataSource.query(
        `UPDATE webhook_endpoint SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`,
        [endpoint.id],
      );
      await feed.referral('referral.submitted', { referringOrganizationId: partnerOrg });
      await received(at, 2);
      expect(String(at.received[1].headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect(verify(rotated.body.secret, at.received[1])).toBeTruthy();
      expect(() => verify(endpoint.secret, at.received[1])).toThrow();
    });

    it('replays a delivered message with the same webhook-id and body, as a new chain in the log', async () => {
      const at = await receiver();
      const endpoint = await register(at);
      const event = await feed.referral('referral.consult_provided', { referringOrganizationId: partnerOrg });
      await settled(endpoint.id, event.id, 1);
      const [original] = await attemptsOf(endpoint.id, event.id);

      const replay = await call<Delivery>('POST', `/v1/webhook-deliveries/${original.id}/replay`);
      expect(replay.status).toBe(202);
      expect(replay.body).toMatchObject({
        webhookId: event.id,
        attempt: 1,
        status: 'pending',
        replayOf: original.id,
      });
      await received(at, 2);
      expect(at.received[1].webhookId).toBe(event.id);
      expect(at.received[1].body).toBe(at.received[0].body);
      expect(verify(endpoint.secret, at.received[1])).toBeTruthy();
      await settled(endpoint.id, event.id, 2);
      expect((await attemptsOf(endpoint.id, event.id)).map((e) => [e.attempt, e.status, e.replayOf])).toEqual(
        [
          [1, 'succeeded', null],
          [1, 'succeeded', original.id],
        ],
      );

      expect(
        (await call('POST', `/v1/webhook-deliveries/${original.id}/replay`, { org: randomUUID() })).status,
      ).toBe(404);
      expect((await call('POST', `/v1/webhook-deliveries/${randomUUID()}/replay`)).status).toBe(404);
    });

    it('refuses a replay while an attempt of that message is still pending (409)', async () => {
      const at = await receiver(() => ({ status: 204, delayMs: 600 }));
      const endpoint = await register(at, {});
      const event = await feed.referral('referral.submitted', { referringOrganizationId: partnerOrg });
      await received(at, 1);
      const [entry] = await attemptsOf(endpoint.id, event.id);
      expect(entry.status).toBe('pending');
      const replay = await call<Problem>('POST', `/v1/webhook-deliveries/${entry.id}/replay`);
      expect(replay.status).toBe(409);
      expect(replay.body.type).toBe('urn:problem-type:webhook-delivery-pending');
    });

    it('sends webhook.test to the endpoint whatever it subscribes to', async () => {
      const at = await receiver();
      const endpoint = await register(at, { eventTypes: ['referral.closed'] });
      const test = await call<Delivery>('POST', `/v1/webhook-endpoints/${endpoint.id}/test`);
      expect(test.status).toBe(202);
      expect(test.body).toMatchObject({
        eventType: 'webhook.test',
        attempt: 1,
        status: 'pending',
        endpointId: endpoint.id,
      });
      await received(at, 1);
      expect(at.received[0].webhookId).toBe(test.body.webhookId);
      expect(verify(endpoint.secret, at.received[0])).toMatchObject({
        type: 'webhook.test',
        data: { endpointId: endpoint.id, organizationId: partnerOrg },
      });
    });

    it('sends an endpoint with payload none an empty POST signed over the empty body (FHIR R4 rest-hook without payload): events, retries, replays and the test event alike', async () => {
      const at = await receiver((hook) => (hook.arrival === 1 ? { status: 503 } : { status: 204 }));
      const endpoint = await register(at, { payload: 'none' });
      expect(endpoint.payload).toBe('none');
      expect((await call<Endpoint>('GET', `/v1/webhook-endpoints/${endpoint.id}`)).body.payload).toBe('none');
      const withBody = await receiver();
      const eventEndpoint = await register(withBody);

      const event = await feed.referral('referral.claimed', { referringOrganizationId: partnerOrg });
      await settled(endpoint.id, event.id, 2);
      await received(withBody, 1);
      expect(at.of(event.id)).toHaveLength(2);
      for (const hook of at.of(event.id)) {
        expect(hook.body).toBe('');
        expect(hook.headers['content-length']).toBe('0');
        expect(hook.headers).not.toHaveProperty('content-type');
        expect(hook.headers).not.toHaveProperty('transfer-encoding');
        // standardwebhooks verifies the empty body (and gives back nothing) ...
        expect(verify(endpoint.secret, hook)).toBeUndefined();
        // ... and the signature is of the empty body, not of the event's JSON.
        expect(() => verify(endpoint.secret, { ...hook, body: withBody.received[0].body })).toThrow();
      }
      expect(withBody.received[0].webhookId).toBe(event.id);
      expect(verify(eventEndpoint.secret, withBody.received[0])).toMatchObject({ type: 'referral.claimed' });
      expect((await attemptsOf(endpoint.id, event.id)).map((e) => [e.attempt, e.status])).toEqual([
        [1, 'failed'],
        [2, 'succeeded'],
      ]);

      const [, delivered] = await attemptsOf(endpoint.id, event.id);
      expect((await call('POST', `/v1/webhook-deliveries/${delivered.id}/replay`)).status).toBe(202);
      const test = await call<Delivery>('POST', `/v1/webhook-endpoints/${endpoint.id}/test`);
      expect(test.status).toBe(202);
      await waitUntil(
        async () => at.of(event.id).length === 3 && at.of(test.body.webhookId).length === 1,
        'the replay and the test event',
      );
      for (const hook of [at.of(event.id)[2], at.of(test.body.webhookId)[0]]) {
        expect(hook.body).toBe('');
        expect(verify(endpoint.secret, hook)).toBeUndefined();
      }

      // Changeable: back to the event's JSON.
      const changed = await call<Endpoint>('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, {
        body: { payload: 'event' },
      });
      expect(changed.body.payload).toBe('event');
      const next = await feed.referral('referral.accepted', { referringOrganizationId: partnerOrg });
      await waitUntil(async () => at.of(next.id).length === 1, 'the next event');
      expect(at.of(next.id)[0].headers['content-type']).toBe('application/json');
      expect(verify(endpoint.secret, at.of(next.id)[0])).toMatchObject({ type: 'referral.accepted' });
    });

    it('refuses a payload other than event or none (422), on create and on change', async () => {
      const at = await receiver();
      for (const payload of ['full-resource', null, '', 1]) {
        const response = await call<Problem>('POST', '/v1/webhook-endpoints', {
          body: { url: at.url(), eventTypes: ['*'], payload },
        });
        expect({ payload, status: response.status }).toEqual({ payload, status: 422 });
        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'payload' })]);
      }
      const endpoint = await register(at);
      const refused = await call<Problem>('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, {
        body: { payload: null },
      });
      expect(refused.status).toBe(422);
      expect((await call<Endpoint>('GET', `/v1/webhook-endpoints/${endpoint.id}`)).body.payload).toBe(
        'event',
      );
    });

    it('sends an endpoint’s own headers with every delivery (FHIR R4 channel.header), stores their values encrypted and never shows them', async () => {
      const bearer = `Bearer ${randomUUID()}-synthetic-receiver-token`;
      const tenant = `tenant-${randomUUID()}`;
      const at = await receiver();
      const endpoint = await register(at, {
        payload: 'none',
        headers: [
          { name: 'Authorization', value: bearer },
          { name: 'X-Hospital-Tenant', value: tenant },
        ],
      });
      const reads = [
        endpoint,
        (await call<Endpoint>('GET', `/v1/webhook-endpoints/${endpoint.id}`)).body,
        (await call<{ items: Endpoint[] }>('GET', '/v1/webhook-endpoints?limit=100')).body.items.find(
          (e) => e.id === endpoint.id,
        )!,
        (
          await call<Endpoint>('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, {
            body: { description: 'FHIR Subscription' },
          })
        ).body,
      ];
      for (const read of reads) {
        expect(read.headerNames).toEqual(['Authorization', 'X-Hospital-Tenant']);
        expect(JSON.stringify(read)).not.toContain(bearer);
        expect(JSON.stringify(read)).not.toContain(tenant);
      }
      const [row] = await notifications.dataSource.query(`SELECT * FROM webhook_endpoint WHERE id = $1`, [
        endpoint.id,
      ]);
      expect(row.headers_ciphertext).toMatch(/^test-1:/);
      expect(JSON.stringify(row)).not.toContain(bearer.slice(7));
      expect(JSON.stringify(row)).not.toContain(tenant);

      const event = await feed.referral('referral.consult_provided', { referringOrganizationId: partnerOrg });
      const test = await call<Delivery>('POST', `/v1/webhook-endpoints/${endpoint.id}/test`);
      await waitUntil(
        async () => at.of(event.id).length === 1 && at.of(test.body.webhookId).length === 1,
        'the event and the test event',
      );
      for (const hook of [at.of(event.id)[0], at.of(test.body.webhookId)[0]]) {
        expect(hook.headers.authorization).toBe(bearer);
        expect(hook.headers['x-hospital-tenant']).toBe(tenant);
        expect(hook.body).toBe('');
        expect(verify(endpoint.secret, hook)).toBeUndefined();
      }
      await settled(endpoint.id, event.id, 1);
      const [entry] = await attemptsOf(endpoint.id, event.id);
      expect(entry.status).toBe('succeeded');
      expect(JSON.stringify(await log(endpoint.id))).not.toContain(bearer);
      const events = await notifications.dataSource.query(`SELECT payload FROM outbox`);
      expect(JSON.stringify(events)).not.toContain(bearer);

      // PATCH replaces them all; [] removes them.
      const replaced = await call<Endpoint>('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, {
        body: { headers: [{ name: 'X-Api-Key', value: 'synthetic-key-1' }] },
      });
      expect(replaced.body.headerNames).toEqual(['X-Api-Key']);
      const second = await feed.referral('referral.closed', { referringOrganizationId: partnerOrg });
      await waitUntil(async () => at.of(second.id).length === 1, 'the second event');
      expect(at.of(second.id)[0].headers['x-api-key']).toBe('synthetic-key-1');
      expect(at.of(second.id)[0].headers).not.toHaveProperty('authorization');
      const cleared = await call<Endpoint>('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, {
        body: { headers: [] },
      });
      expect(cleared.body.headerNames).toEqual([]);
      const third = await feed.referral('referral.closed', { referringOrganizationId: partnerOrg });
      await waitUntil(async () => at.of(third.id).length === 1, 'the third event');
      expect(at.of(third.id)[0].headers).not.toHaveProperty('x-api-key');
      const [clearedRow] = await notifications.dataSource.query(
        `SELECT header_names, headers_ciphertext FROM webhook_endpoint WHERE id = $1`,
        [endpoint.id],
      );
      expect(clearedRow).toEqual({ header_names: [], headers_ciphertext: null });
    });

    it.each([
      ['a name that is not an HTTP token', [{ name: 'X Api Key', value: 'v' }], 'headers.0.name'],
      ['a hop-by-hop header', [{ name: 'Connection', value: 'close' }], 'headers.0.name'],
      ['Host', [{ name: 'host', value: 'elsewhere.example' }], 'headers.0.name'],
      ['Content-Length', [{ name: 'Content-Length', value: '10' }], 'headers.0.name'],
      ['Content-Type', [{ name: 'Content-Type', value: 'text/plain' }], 'headers.0.name'],
      ['a Standard Webhooks header', [{ name: 'webhook-signature', value: 'v1,x' }], 'headers.0.name'],
      [
        'a value with CR/LF',
        [{ name: 'Authorization', value: 'Bearer x\r\nX-Injected: 1' }],
        'headers.0.value',
      ],
      [
        'a repeated name',
        [
          { name: 'X-A', value: '1' },
          { name: 'x-a', value: '2' },
        ],
        'headers',
      ],
      [
        'more than five',
        ['A', 'B', 'C', 'D', 'E', 'F'].map((n) => ({ name: `X-${n}`, value: n })),
        'headers',
      ],
    ])(
      'refuses %s (422, field errors), on create and on change, writing nothing',
      async (_label, headers, field) => {
        const at = await receiver();
        const before = await notifications.count('webhook_endpoint');
        const created = await call<Problem>('POST', '/v1/webhook-endpoints', {
          body: { url: at.url(), eventTypes: ['*'], headers },
        });
        expect(created.status).toBe(422);
        expect(created.body.errors).toEqual([expect.objectContaining({ field })]);
        expect(JSON.stringify(created.body)).not.toContain('X-Injected');
        expect(await notifications.count('webhook_endpoint')).toBe(before);

        const endpoint = await register(at, { headers: [{ name: 'Authorization', value: 'Bearer kept' }] });
        const changed = await call<Problem>('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, {
          body: { headers },
        });
        expect(changed.status).toBe(422);
        expect(changed.body.errors).toEqual([expect.objectContaining({ field })]);
        expect(
          (await call<Endpoint>('GET', `/v1/webhook-endpoints/${endpoint.id}`)).body.headerNames,
        ).toEqual(['Authorization']);
      },
    );

    it('pages the delivery log newest first, filtered by status', async () => {
      const at = await receiver((hook) => (hook.arrival === 1 ? { status: 500 } : { status: 204 }));
      const endpoint = await register(at);
      for (let i = 0; i < 3; i++) {
        const event = await feed.referral('referral.submitted', { referringOrganizationId: partnerOrg });
        await settled(endpoint.id, event.id, 2);
      }
      const all = await log(endpoint.id, '?limit=100');
      expect(all).toHaveLength(6);
      const first = await call<{ items: Delivery[]; nextCursor: string }>(
        'GET',
        `/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=4`,
      );
      const second = await call<{ items: Delivery[]; nextCursor: string | null }>(
        'GET',
        `/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=4&cursor=${first.body.nextCursor}`,
      );
      expect([...first.body.items, ...second.body.items].map((e) => e.id)).toEqual(all.map((e) => e.id));
      expect(second.body.nextCursor).toBeNull();
      expect((await log(endpoint.id, '?status=failed')).map((e) => e.responseStatus)).toEqual([
        500, 500, 500,
      ]);
      expect(
        (await call('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries`, { org: randomUUID() })).status,
      ).toBe(404);
    });
  });

  describeAuthorizationMatrix(
    'webhook endpoints',
    {
      url: () => notifications.service.url,
      issuer: () => notifications.issuer,
      setup: async (organizationId, tokenFor) => {
        await feed.organization({ organizationId });
        const at = await receiver();
        const created = await fetch(`${notifications.service.url}/v1/webhook-endpoints`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenFor(['partner'])}` },
          body: JSON.stringify({ url: at.url(), eventTypes: ['referral.*'] }),
        });
        const endpoint = ((await created.json()) as { id: string }).id;
        const test = await fetch(`${notifications.service.url}/v1/webhook-endpoints/${endpoint}/test`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokenFor(['partner'])}` },
        });
        return { endpoint, delivery: ((await test.json()) as { id: string }).id, url: at.url() };
      },
    },
    [
      {
        method: 'POST',
        path: () => '/v1/webhook-endpoints',
        body: (f: MatrixFixture) => ({ url: f.ids.url, eventTypes: ['*'], organizationId: f.organizationId }),
        allowed: ['admin', 'partner'],
      },
      { method: 'GET', path: () => '/v1/webhook-endpoints', allowed: ['admin', 'partner'] },
      ...(['', '/deliveries'] as const).map((suffix) => ({
        method: 'GET' as const,
        path: (f: MatrixFixture) => `/v1/webhook-endpoints/${f.ids.endpoint}${suffix}`,
        allowed: ['admin', 'partner'] as MatrixRole[],
        object: true,
        anyOrganization: ['admin'] as MatrixRole[],
      })),
      {
        method: 'PATCH',
        path: (f) => `/v1/webhook-endpoints/${f.ids.endpoint}`,
        body: () => ({ description: 'checked by the matrix' }),
        allowed: ['admin', 'partner'],
        object: true,
        anyOrganization: ['admin'],
      },
      {
        method: 'POST',
        path: (f) => `/v1/webhook-endpoints/${f.ids.endpoint}/test`,
        allowed: ['admin', 'partner'],
        object: true,
        anyOrganization: ['admin'],
      },
      {
        method: 'POST',
        path: (f) => `/v1/webhook-deliveries/${f.ids.delivery}/replay`,
        allowed: ['admin', 'partner'],
        object: true,
        anyOrganization: ['admin'],
      },
    ],
  );

  it('refuses every other role the whole API (403), and DELETE to other organizations (404)', async () => {
    const endpoint = await register(await receiver());
    for (const role of ALL_ROLES.filter((r) => r !== 'admin' && r !== 'partner')) {
      expect((await call('DELETE', `/v1/webhook-endpoints/${endpoint.id}`, { roles: [role] })).status).toBe(
        403,
      );
    }
    expect((await call('DELETE', `/v1/webhook-endpoints/${endpoint.id}`, { org: randomUUID() })).status).toBe(
      404,
    );
    expect(
      (await call('DELETE', `/v1/webhook-endpoints/${endpoint.id}`, { org: randomUUID(), roles: ['admin'] }))
        .status,
    ).toBe(204);
  });
});
