import { createPrivateKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER, ProblemException, SERVICE_ENV } from '@referral/platform-http';
import { signingKeyPem, type GatewayEnv } from '../config';
import { earliestPublishedRetirement, retiredKeyPublishedUntil } from './key-retention';
import {
  generateSigningKeyPair,
  publicJwk,
  samePublicKey,
  signingKeyPairFromPrivateKey,
  type PublicJwk,
} from './signing-key-pair';
import { SigningKeyRepository } from './signing-key.repository';
import { Clock } from '@referral/platform-database';

export interface ActiveSigningKey {
  kid: string;
  privateKey: KeyObject;
}

export interface Rotation {
  kid: string;
  activatedAt: Date;
  previous: { kid: string; retiredAt: Date; publishedUntil: Date } | null;
}

/**
 * The gateway's token signing keys: one active key exists from the first start on (generated, or
 * the operator's), rotation retires it, and the JWKS publishes what verifiers still need.
 */
@Injectable()
export class SigningKeysService implements OnApplicationBootstrap {
  /** The parsed private key of the last active key used, by kid. */
  private parsed: ActiveSigningKey | undefined;

  constructor(
    private readonly keys: SigningKeyRepository,
    @Inject(SERVICE_ENV) private readonly env: GatewayEnv,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureActiveKey();
  }

  /**
   * Under the advisory lock, so instances starting together create one key between them. Private
   * keys stored in the clear (or under an older encryption key) are sealed under the current key first. An
   * operator key (JWT_SIGNING_KEY_PEM/ID) whose id is new becomes the active key; an id already
   * stored is left as it is, so a restart does not undo a rotation made since.
   */
  async ensureActiveKey(): Promise<void> {
    const { JWT_SIGNING_KEY_PEM: pem, JWT_SIGNING_KEY_ID: kid } = this.env;
    const configured = pem && kid ? signingKeyPairFromPrivateKey(kid, signingKeyPem(pem)) : null;
    await this.keys.exclusively(async (manager) => {
      const now = this.clock.now();
      const sealed = await this.keys.sealStored(manager);
      if (sealed > 0) this.logger.info({ sealed }, 'stored signing keys sealed under the current key');
      if (configured) {
        const stored = await this.keys.findByKid(manager, configured.kid);
        if (stored && !samePublicKey(stored.publicKeyPem, configured.publicKeyPem)) {
          throw new Error(
            `JWT_SIGNING_KEY_ID "${configured.kid}" already names another key; give a new key a new id`,
          );
        }
        if (!stored) {
          const retired = await this.keys.retireActive(manager, now);
          await this.keys.insertActive(manager, configured, now);
          this.logger.info(
            { kid: configured.kid, retiredKid: retired?.kid },
            'configured signing key activated',
          );
          return;
        }
      }
      if (await this.keys.findActive(manager)) return;
      const generated = await generateSigningKeyPair();
      await this.keys.insertActive(manager, generated, now);
      this.logger.info({ kid: generated.kid }, 'signing key generated');
    });
  }

  /** A new active key; the old one is retired and stays published while its tokens live. */
  async rotate(): Promise<Rotation> {
    const generated = await generateSigningKeyPair();
    const rotation = await this.keys.exclusively(async (manager) => {
      const now = this.clock.now();
      const retired = await this.keys.retireActive(manager, now);
      const active = await this.keys.insertActive(manager, generated, now);
      return {
        kid: active.kid,
        activatedAt: active.activatedAt,
        previous: retired && {
          kid: retired.kid,
          retiredAt: now,
          publishedUntil: retiredKeyPublishedUntil(now, this.env.JWT_TTL_SECONDS),
        },
      };
    });
    this.parsed = undefined;
    this.logger.info({ kid: rotation.kid, retiredKid: rotation.previous?.kid }, 'signing key rotated');
    return rotation;
  }

  /** The key that signs new tokens, read each time so a rotation by another instance counts at once. */
  async active(): Promise<ActiveSigningKey> {
    const key = await this.keys.findActiveForSigning();
    if (!key) {
      throw ProblemException.of('service-unavailable', {
        detail: 'No signing key is active yet; try again shortly.',
      });
    }
    if (this.parsed?.kid !== key.kid) {
      this.parsed = { kid: key.kid, privateKey: createPrivateKey(key.privateKeyPem) };
    }
    return this.parsed;
  }

  async jwks(): Promise<PublicJwk[]> {
    const published = await this.keys.findPublished(
      earliestPublishedRetirement(this.clock.now(), this.env.JWT_TTL_SECONDS),
    );
    return published.map((key) => publicJwk(key.kid, key.publicKeyPem));
  }
}
