import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Role } from './caller';
import { JwtAuthGuard } from './jwt-auth.guard';
import { RolesGuard } from './roles.guard';
import { Roles } from './roles.decorator';
import { bearer, probeApp, type ProbeResponse } from './test/app';
import { claims, FakeResolver, GATEWAY, rsaKey, signed } from './test/tokens';

const key = rsaKey('gw-1');
const resolver = new FakeResolver().add(GATEWAY, key);

let app: NestFastifyApplication;
let get: (url: string, headers?: Record<string, string>) => Promise<ProbeResponse>;

beforeAll(async () => {
  ({ app, get } = await probeApp(resolver));
});

afterAll(() => app.close());

const as = (...roles: Role[]) => bearer(signed(key, claims({ roles })));

describe('@Roles', () => {
  it('lets a caller holding the role in', async () => {
    expect((await get('/admin-only', as('admin'))).status).toBe(200);
  });

  it('is 403 for an authenticated caller without it', async () => {
    const { status, body } = await get('/admin-only', as('clinician', 'coordinator'));
    expect(status).toBe(403);
    expect(body.message).toBe('the caller lacks the role this needs');
  });

  it('is satisfied by any one of the listed roles', async () => {
    expect((await get('/triage', as('specialist'))).status).toBe(200);
    expect((await get('/triage', as('coordinator'))).status).toBe(200);
    expect((await get('/triage', as('clinician', 'partner'))).status).toBe(403);
  });

  it('is 401, not 403, without a token: authentication comes first', async () => {
    expect((await get('/admin-only')).status).toBe(401);
  });

  it('on a controller applies to its routes, and a route may name its own instead', async () => {
    expect((await get('/settings', as('admin'))).status).toBe(200);
    expect((await get('/settings', as('partner'))).status).toBe(403);
    expect((await get('/settings/webhooks', as('partner'))).status).toBe(200);
    expect((await get('/settings/webhooks', as('admin'))).status).toBe(403);
  });

  it('is absent from most routes: any authenticated caller may use them', async () => {
    expect((await get('/me', as('partner'))).status).toBe(200);
  });

  it('keeps a service role (contact-reader) to the routes that name it: 403 on routes without @Roles', async () => {
    expect((await get('/contacts', as('contact-reader'))).status).toBe(200);
    expect((await get('/me', as('contact-reader'))).status).toBe(403);
    expect((await get('/settings', as('contact-reader'))).status).toBe(403);
    expect((await get('/admin-only', as('contact-reader'))).status).toBe(403);
    // Public routes stay public.
    expect((await get('/health/live', as('contact-reader'))).status).toBe(200);
    // Another role beside it opens what that role may use.
    expect((await get('/me', as('contact-reader', 'clinician'))).status).toBe(200);
  });
});

describe('@Public', () => {
  it('lets a route be used without a token', async () => {
    expect(await get('/health/live')).toEqual({ status: 200, body: { status: 'up' } });
  });

  it('on a controller covers all its routes', async () => {
    expect((await get('/docs')).status).toBe(200);
  });

  it('does not make a bad token good, but does not look at it either', async () => {
    expect((await get('/health/live', bearer('not-a-token'))).status).toBe(200);
  });

  it('leaves no caller: asking for one there is 401', async () => {
    expect((await get('/public-but-asks-for-caller')).status).toBe(401);
  });
});

describe('outside HTTP', () => {
  // Kafka handlers share the app's global guards (hybrid app, inherited config): they carry no token.
  const eventContext = {
    getType: () => 'rpc',
    getHandler: () => () => undefined,
    getClass: () => class {},
    switchToHttp: () => {
      throw new Error('not HTTP');
    },
  } as unknown as ExecutionContext;

  it('lets event handlers through both guards', async () => {
    const reflector = new Reflector();
    expect(await new JwtAuthGuard(reflector).canActivate(eventContext)).toBe(true);
    class Consumer {
      @Roles('admin')
      handle() {}
    }
    const rolesContext = { ...eventContext, getHandler: () => Consumer.prototype.handle } as ExecutionContext;
    expect(new RolesGuard(reflector).canActivate(rolesContext)).toBe(true);
  });
});
