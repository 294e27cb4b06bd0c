import type { Logger } from 'pino';
import { hashClientSecret, verifyClientSecret } from '../auth/client-secret';
import type { GatewayEnv } from '../config';
import type { ApiClientRepository, ApiClientWithSecret } from './api-client.repository';
import { BootstrapAdmin } from './bootstrap-admin';

describe('BootstrapAdmin', () => {
  const env = {
    BOOTSTRAP_ADMIN_CLIENT_ID: 'ops-admin',
    BOOTSTRAP_ADMIN_CLIENT_SECRET: 'configured-secret-0123456789',
    BOOTSTRAP_ADMIN_ORGANIZATION_ID: '00000000-0000-4000-8000-000000000001',
  } as GatewayEnv;
  let stored: ApiClientWithSecret | null;
  let repository: { findWithSecret: jest.Mock; insertIfAbsent: jest.Mock; setSecretHash: jest.Mock };
  let logger: { info: jest.Mock; warn: jest.Mock };

  const admin = async (secret: string, revokedAt: Date | null = null): Promise<ApiClientWithSecret> => ({
    id: '0e7c3f0a-1d2b-4c5d-8e9f-a0b1c2d3e4f5',
    clientId: 'ops-admin',
    name: 'Bootstrap admin',
    organizationId: env.BOOTSTRAP_ADMIN_ORGANIZATION_ID,
    practitionerId: null,
    roles: ['admin'],
    secretHash: await hashClientSecret(secret, { N: 1024, r: 8, p: 1 }),
    createdAt: new Date(),
    revokedAt,
    jwks: null,
  });

  const start = () =>
    new BootstrapAdmin(
      repository as unknown as ApiClientRepository,
      env,
      logger as unknown as Logger,
    ).onApplicationBootstrap();

  beforeEach(() => {
    stored = null;
    repository = {
      findWithSecret: jest.fn(async () => stored),
      insertIfAbsent: jest.fn(async () => true),
      setSecretHash: jest.fn(async () => undefined),
    };
    logger = { info: jest.fn(), warn: jest.fn() };
  });

  it('creates an admin client with the configured id, organization and secret when there is none', async () => {
    await start();
    const [created] = repository.insertIfAbsent.mock.calls[0] as [ApiClientWithSecret];
    expect(created).toMatchObject({
      clientId: 'ops-admin',
      organizationId: env.BOOTSTRAP_ADMIN_ORGANIZATION_ID,
      roles: ['admin'],
      revokedAt: null,
    });
    await expect(verifyClientSecret(env.BOOTSTRAP_ADMIN_CLIENT_SECRET, created.secretHash!)).resolves.toBe(
      true,
    );
  });

  it('resets the secret of an existing admin to the configured one', async () => {
    stored = await admin('an-old-secret');
    await start();
    expect(repository.insertIfAbsent).not.toHaveBeenCalled();
    const [clientId, hash] = repository.setSecretHash.mock.calls[0] as [string, string];
    expect(clientId).toBe('ops-admin');
    await expect(verifyClientSecret(env.BOOTSTRAP_ADMIN_CLIENT_SECRET, hash)).resolves.toBe(true);
  });

  it('writes nothing when the secret is already the configured one', async () => {
    stored = await admin(env.BOOTSTRAP_ADMIN_CLIENT_SECRET);
    await start();
    expect(repository.insertIfAbsent).not.toHaveBeenCalled();
    expect(repository.setSecretHash).not.toHaveBeenCalled();
  });

  it('leaves a revoked admin revoked, and says so', async () => {
    stored = await admin(env.BOOTSTRAP_ADMIN_CLIENT_SECRET, new Date());
    await start();
    expect(logger.warn).toHaveBeenCalledWith({ clientId: 'ops-admin' }, expect.stringMatching(/revoked/));
  });

  it('never logs the secret', async () => {
    stored = await admin('an-old-secret');
    await start();
    stored = null;
    await start();
    expect(JSON.stringify([logger.info.mock.calls, logger.warn.mock.calls])).not.toContain(
      env.BOOTSTRAP_ADMIN_CLIENT_SECRET,
    );
  });
});

describe('BootstrapAdmin: the notifications service’s contacts client', () => {
  const env = {
    BOOTSTRAP_ADMIN_CLIENT_ID: 'ops-admin',
    BOOTSTRAP_ADMIN_CLIENT_SECRET: 'configured-secret-0123456789',
    BOOTSTRAP_ADMIN_ORGANIZATION_ID: '00000000-0000-4000-8000-000000000001',
    BOOTSTRAP_CONTACTS_CLIENT_ID: 'notifications-contacts',
    BOOTSTRAP_CONTACTS_CLIENT_SECRET: 'contacts-secret-0123456789abc',
  } as GatewayEnv;
  let clients: Map<string, ApiClientWithSecret>;
  let repository: { findWithSecret: jest.Mock; insertIfAbsent: jest.Mock; setSecretHash: jest.Mock };
  let logger: { info: jest.Mock; warn: jest.Mock; error: jest.Mock };

  const start = (configured: GatewayEnv = env) =>
    new BootstrapAdmin(
      repository as unknown as ApiClientRepository,
      configured,
      logger as unknown as Logger,
    ).onApplicationBootstrap();
  const inserted = () =>
    (repository.insertIfAbsent.mock.calls as [ApiClientWithSecret][]).map(([client]) => client);

  beforeEach(() => {
    clients = new Map();
    repository = {
      findWithSecret: jest.fn(async (clientId: string) => clients.get(clientId) ?? null),
      insertIfAbsent: jest.fn(async () => true),
      setSecretHash: jest.fn(async () => undefined),
    };
    logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };
  });

  it('creates it with role contact-reader only, in the admin’s organization, when configured', async () => {
    await start();
    const contacts = inserted().find((client) => client.clientId === 'notifications-contacts');
    expect(contacts).toMatchObject({
      roles: ['contact-reader'],
      organizationId: env.BOOTSTRAP_ADMIN_ORGANIZATION_ID,
      practitionerId: null,
      revokedAt: null,
    });
    await expect(
      verifyClientSecret(env.BOOTSTRAP_CONTACTS_CLIENT_SECRET!, contacts!.secretHash!),
    ).resolves.toBe(true);
  });

  it('creates none when it is not configured', async () => {
    const { BOOTSTRAP_CONTACTS_CLIENT_ID: _id, BOOTSTRAP_CONTACTS_CLIENT_SECRET: _secret, ...rest } = env;
    await start(rest as GatewayEnv);
    expect(inserted().map((client) => client.clientId)).toEqual(['ops-admin']);
  });

  it('resets its secret to the configured one', async () => {
    clients.set('notifications-contacts', {
      id: '5d0c3f0a-1d2b-4c5d-8e9f-a0b1c2d3e4f6',
      clientId: 'notifications-contacts',
      name: 'Notifications contact reader',
      organizationId: env.BOOTSTRAP_ADMIN_ORGANIZATION_ID,
      practitionerId: null,
      roles: ['contact-reader'],
      secretHash: await hashClientSecret('old-secret', { N: 1024, r: 8, p: 1 }),
      createdAt: new Date(),
      revokedAt: null,
      jwks: null,
    });
    await start();
    const reset = (repository.setSecretHash.mock.calls as [string, string][]).find(
      ([clientId]) => clientId === 'notifications-contacts',
    );
    await expect(verifyClientSecret(env.BOOTSTRAP_CONTACTS_CLIENT_SECRET!, reset![1])).resolves.toBe(true);
  });

  it('never hands the configured secret to an existing client of that id with other roles', async () => {
    clients.set('notifications-contacts', {
      id: '5d0c3f0a-1d2b-4c5d-8e9f-a0b1c2d3e4f7',
      clientId: 'notifications-contacts',
      name: 'Somebody’s admin',
      organizationId: env.BOOTSTRAP_ADMIN_ORGANIZATION_ID,
      practitionerId: null,
      roles: ['admin'],
      secretHash: await hashClientSecret('old-secret', { N: 1024, r: 8, p: 1 }),
      createdAt: new Date(),
      revokedAt: null,
      jwks: null,
    });
    await start();
    expect(repository.setSecretHash.mock.calls.map(([clientId]) => clientId)).not.toContain(
      'notifications-contacts',
    );
    expect(logger.error).toHaveBeenCalledWith(
      { clientId: 'notifications-contacts', roles: ['admin'] },
      expect.stringMatching(/not contact-reader/),
    );
  });
});
