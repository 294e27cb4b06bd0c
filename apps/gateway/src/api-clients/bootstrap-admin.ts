import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Role } from '@referral/platform-auth';
import { LOGGER, SERVICE_ENV } from '@referral/platform-http';
import { hashClientSecret, verifyClientSecret } from '../auth/client-secret';
import type { GatewayEnv } from '../config';
import { ApiClientRepository } from './api-client.repository';

/**
 * The first admin client, from configuration (API.md "Bootstrap admin"): created when absent;
 * when present, its secret becomes the configured one, so operators rotate it by configuration.
 * A revoked bootstrap admin stays revoked. Production refuses the development secret (config.ts).
 *
 * Likewise the notifications service's client when BOOTSTRAP_CONTACTS_CLIENT_ID/_SECRET are set:
 * role `contact-reader` only. An existing client of that id with other roles is left alone (its
 * secret is not reset to the configured one), and the start logs an error.
 */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  constructor(
    private readonly clients: ApiClientRepository,
    @Inject(SERVICE_ENV) private readonly env: GatewayEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensure(
      this.env.BOOTSTRAP_ADMIN_CLIENT_ID,
      this.env.BOOTSTRAP_ADMIN_CLIENT_SECRET,
      'admin',
      'Bootstrap admin',
      'bootstrap admin',
    );
    if (this.env.BOOTSTRAP_CONTACTS_CLIENT_ID && this.env.BOOTSTRAP_CONTACTS_CLIENT_SECRET) {
      await this.ensure(
        this.env.BOOTSTRAP_CONTACTS_CLIENT_ID,
        this.env.BOOTSTRAP_CONTACTS_CLIENT_SECRET,
        'contact-reader',
        'Notifications contact reader',
        'contacts',
      );
    }
  }

  private async ensure(clientId: string, secret: string, role: Role, name: string, what: string) {
    const existing = await this.clients.findWithSecret(clientId);
    if (!existing) {
      const created = await this.clients.insertIfAbsent({
        id: randomUUID(),
        clientId,
        name,
        organizationId: this.env.BOOTSTRAP_ADMIN_ORGANIZATION_ID,
        practitionerId: null,
        roles: [role],
        secretHash: await hashClientSecret(secret),
        jwks: null,
        createdAt: new Date(),
        revokedAt: null,
      });
      if (created) this.logger.info({ clientId }, `${what} client created`);
      // Otherwise another instance created it a moment ago, with the same configured secret.
      return;
    }
    if (role !== 'admin' && (existing.roles.length !== 1 || existing.roles[0] !== role)) {
      // The id names a client made otherwise: the configured secret must not open its roles.
      this.logger.error(
        { clientId, roles: existing.roles },
        `a client with the ${what} client's id exists with roles not ${role} only: left alone`,
      );
      return;
    }
    // A client without a secret (keys only) never matches: it gets the configured one.
    if (!existing.secretHash || !(await verifyClientSecret(secret, existing.secretHash))) {
      await this.clients.setSecretHash(clientId, await hashClientSecret(secret));
      this.logger.info({ clientId }, `${what} secret reset to the configured one`);
    }
    if (existing.revokedAt) {
      this.logger.warn({ clientId }, `the ${what} client is revoked; it gets no tokens`);
    }
  }
}
