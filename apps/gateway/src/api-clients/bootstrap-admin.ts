import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER, SERVICE_ENV } from '@referral/platform-http';
import { hashClientSecret, verifyClientSecret } from '../auth/client-secret';
import type { GatewayEnv } from '../config';
import { ApiClientRepository } from './api-client.repository';

/**
 * The first admin client, from configuration (API.md "Bootstrap admin"): created when absent;
 * when present, its secret becomes the configured one, so operators rotate it by configuration.
 * A revoked bootstrap admin stays revoked. Production refuses the development secret (config.ts).
 */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  constructor(
    private readonly clients: ApiClientRepository,
    @Inject(SERVICE_ENV) private readonly env: GatewayEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const clientId = this.env.BOOTSTRAP_ADMIN_CLIENT_ID;
    const secret = this.env.BOOTSTRAP_ADMIN_CLIENT_SECRET;
    const existing = await this.clients.findWithSecret(clientId);
    if (!existing) {
      const created = await this.clients.insertIfAbsent({
        id: randomUUID(),
        clientId,
        name: 'Bootstrap admin',
        organizationId: this.env.BOOTSTRAP_ADMIN_ORGANIZATION_ID,
        practitionerId: null,
        roles: ['admin'],
        secretHash: await hashClientSecret(secret),
        createdAt: new Date(),
        revokedAt: null,
      });
      if (created) this.logger.info({ clientId }, 'bootstrap admin client created');
      // Otherwise another instance created it a moment ago, with the same configured secret.
      return;
    }
    if (!(await verifyClientSecret(secret, existing.secretHash))) {
      await this.clients.setSecretHash(clientId, await hashClientSecret(secret));
      this.logger.info({ clientId }, 'bootstrap admin secret reset to the configured one');
    }
    if (existing.revokedAt) {
      this.logger.warn({ clientId }, 'the bootstrap admin client is revoked; it gets no tokens');
    }
  }
}
