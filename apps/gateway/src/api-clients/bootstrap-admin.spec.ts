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
    await expect(verifyClientSecret(env.BOOTSTRAP_ADMIN_CLIENT_SECRET, created.secretHash)).resolves.toBe(
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
