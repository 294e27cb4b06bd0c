import { Inject, Injectable } from '@nestjs/common';
import { IsNull, MoreThan, type EntityManager, DataSource } from 'typeorm';
import { Keyring } from '@referral/platform-config';
import { SERVICE_ENV } from '@referral/platform-http';
import type { GatewayEnv } from '../config';
import type { SigningKeyPair } from './signing-key-pair';
import { SigningKeyEntity } from './signing-key.entity';

/** Taken for every change of the signing keys, so that gateway instances starting together agree. */
const SIGNING_KEY_LOCK = 'gateway.signing_key';

/** The keyring of the private keys at rest (`SIGNING_KEY_ENCRYPTION_KEY`). */
export const SIGNING_KEY_KEYRING = Symbol('SIGNING_KEY_KEYRING');

export const signingKeyKeyringProvider = {
  provide: SIGNING_KEY_KEYRING,
  inject: [SERVICE_ENV],
  useFactory: (env: GatewayEnv) => new Keyring(env.SIGNING_KEY_ENCRYPTION_KEY),
};

/** What a sealed private key is bound to: its kid, so it cannot be passed off as another key's. */
const sealContext = (kid: string) => `signing_key\u0000${kid}`;

@Injectable()
export class SigningKeyRepository {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SIGNING_KEY_KEYRING) private readonly keyring: Keyring,
  ) {}

  /** Runs `work` in a transaction holding the signing-key advisory lock (released at commit). */
  exclusively<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [SIGNING_KEY_LOCK]);
      return work(manager);
    });
  }

  findActive(manager: EntityManager = this.dataSource.manager): Promise<SigningKeyEntity | null> {
    return manager.findOneBy(SigningKeyEntity, { retiredAt: IsNull() });
  }

  findByKid(manager: EntityManager, kid: string): Promise<SigningKeyEntity | null> {
    return manager.findOneBy(SigningKeyEntity, { kid });
  }

  /** The active key with its private half, unsealed: the only read of a private key. */
  async findActiveForSigning(): Promise<(SigningKeyEntity & { privateKeyPem: string }) | null> {
    const key = await this.dataSource
      .getRepository(SigningKeyEntity)
      .createQueryBuilder('key')
      .addSelect(['key.privateKeyPem', 'key.privateKeySealed', 'key.privateKeyKeyId'])
      .where('key.retired_at IS NULL')
      .getOne();
    if (!key) return null;
    const privateKeyPem =
      key.privateKeySealed && key.privateKeyKeyId
        ? this.keyring
            .open({ keyId: key.privateKeyKeyId, data: key.privateKeySealed }, sealContext(key.kid))
            .toString('utf8')
        : key.privateKeyPem; // stored before sealing, and not sealed yet
    if (!privateKeyPem) throw new Error(`signing key ${key.kid} has no private key`);
    return { ...key, privateKeySealed: null, privateKeyPem };
  }

  /**
   * Seals the private keys stored in the clear (before encryption at rest) and re-seals those
   * sealed under an older key than the current one; how many it changed. Under the lock.
   */
  async sealStored(manager: EntityManager): Promise<number> {
    const current = this.keyring.currentKeyId;
    const stale = await manager
      .getRepository(SigningKeyEntity)
      .createQueryBuilder('key')
      .addSelect(['key.privateKeyPem', 'key.privateKeySealed', 'key.privateKeyKeyId'])
      .where('key.private_key_pem IS NOT NULL')
      .orWhere('key.private_key_key_id IS DISTINCT FROM :current AND key.private_key_sealed IS NOT NULL', {
        current,
      })
      .getMany();
    for (const key of stale) {
      const pem =
        key.privateKeySealed && key.privateKeyKeyId
          ? this.keyring.open(
              { keyId: key.privateKeyKeyId, data: key.privateKeySealed },
              sealContext(key.kid),
            )
          : Buffer.from(key.privateKeyPem!, 'utf8');
      const sealed = this.keyring.seal(pem, sealContext(key.kid));
      await manager.update(
        SigningKeyEntity,
        { kid: key.kid },
        { privateKeySealed: sealed.data, privateKeyKeyId: sealed.keyId, privateKeyPem: null },
      );
    }
    return stale.length;
  }

  /** The active key and the keys retired after `retiredAfter`, newest first. */
  findPublished(retiredAfter: Date): Promise<SigningKeyEntity[]> {
    return this.dataSource.getRepository(SigningKeyEntity).find({
      where: [{ retiredAt: IsNull() }, { retiredAt: MoreThan(retiredAfter) }],
      order: { activatedAt: 'DESC' },
    });
  }

  /** The key `kid` when it is active or was retired after `retiredAfter`. */
  async findPublishedByKid(kid: string, retiredAfter: Date): Promise<SigningKeyEntity | null> {
    return this.dataSource.getRepository(SigningKeyEntity).findOne({
      where: [
        { kid, retiredAt: IsNull() },
        { kid, retiredAt: MoreThan(retiredAfter) },
      ],
    });
  }

  /** Retires the active key, if any, and wipes its private half. */
  async retireActive(manager: EntityManager, at: Date): Promise<SigningKeyEntity | null> {
    const active = await this.findActive(manager);
    if (!active) return null;
    await manager.update(
      SigningKeyEntity,
      { kid: active.kid },
      {
        retiredAt: at,
        privateKeyPem: null,
        privateKeySealed: null,
        privateKeyKeyId: null,
      },
    );
    return { ...active, retiredAt: at };
  }

  async insertActive(manager: EntityManager, pair: SigningKeyPair, at: Date): Promise<SigningKeyEntity> {
    const sealed = this.keyring.seal(pair.privateKeyPem, sealContext(pair.kid));
    const key = Object.assign(new SigningKeyEntity(), {
      kid: pair.kid,
      privateKeyPem: null,
      privateKeySealed: sealed.data,
      privateKeyKeyId: sealed.keyId,
      publicKeyPem: pair.publicKeyPem,
      createdAt: at,
      activatedAt: at,
      retiredAt: null,
    } satisfies SigningKeyEntity);
    await manager.insert(SigningKeyEntity, key);
    return key;
  }
}
