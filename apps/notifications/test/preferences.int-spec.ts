import { randomUUID } from 'node:crypto';
import { startIssuedTestService, type IssuedTestService } from '@referral/testing-service';
import { AppModule } from '../src/app.module';
import { NotificationsEnv } from '../src/config';
import { entities } from '../src/entities';
import { migrations } from '../src/migrations';

describe('notifications: a practitioner’s preferences (real PostgreSQL)', () => {
  let notifications: IssuedTestService;
  const org = randomUUID();

  const call = async (method: 'GET' | 'PUT', token: string, body?: unknown) => {
    const response = await fetch(`${notifications.service.url}/v1/notification-preferences`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const practitioner = (id: string, roles = ['specialist']) =>
    notifications.issuer.token({ org, roles, practitioner: id });

  beforeAll(async () => {
    notifications = await startIssuedTestService({
      name: 'notifications',
      envClass: NotificationsEnv,
      appModule: AppModule,
      entities,
      migrations,
    });
  });

  afterAll(async () => {
    await notifications?.close();
  });

  it('answers the defaults until the practitioner chooses, then their choice', async () => {
    const me = randomUUID();
    expect((await call('GET', practitioner(me))).body).toEqual({
      practitionerId: me,
      channels: ['sms', 'email'],
      quietHours: null,
      language: null,
      updatedAt: null,
    });
    const chosen = { channels: ['sms'], quietHours: { start: '22:00', end: '07:00' }, language: 'ur' };
    const put = await call('PUT', practitioner(me), chosen);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ practitionerId: me, ...chosen });
    expect((await call('GET', practitioner(me))).body).toMatchObject(chosen);
    // Someone else's are their own.
    expect((await call('GET', practitioner(randomUUID(), ['clinician']))).body).toMatchObject({
      channels: ['sms', 'email'],
    });
    // In-app only, no quiet hours.
    expect((await call('PUT', practitioner(me), { channels: [], quietHours: null })).body).toMatchObject({
      channels: [],
      quietHours: null,
      language: null,
    });
  });

  it('refuses bad preferences (422), clients without a practitioner (422) and roles that have none (403)', async () => {
    const me = randomUUID();
    for (const bad of [
      { channels: ['fax'] },
      { channels: ['sms', 'sms'] },
      { channels: ['sms'], quietHours: { start: '24:00', end: '07:00' } },
      { channels: ['sms'], language: 'fr' },
      { channels: 'sms' },
    ]) {
      expect((await call('PUT', practitioner(me), bad)).status).toBe(422);
    }
    const noPractitioner = notifications.issuer.token({ org, roles: ['clinician'] });
    expect((await call('GET', noPractitioner)).status).toBe(422);
    expect((await call('GET', notifications.issuer.token({ org, roles: ['partner'] }))).status).toBe(403);
    expect((await call('GET', practitioner(me))).body.updatedAt).toBeNull();
  });
});
