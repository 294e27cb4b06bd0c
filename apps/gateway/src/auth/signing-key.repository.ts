import { Injectable } from '@nestjs/common';
import { IsNull, MoreThan, type EntityManager, DataSource } from 'typeorm';
import type { SigningKeyPair } from './signing-key-pair';
import { SigningKeyEntity } from './signing-key.entity';

/** Taken for every change of the signing keys, so that gateway instances starting together agree. */
const SIGNING_KEY_LOCK = 'gateway.signing_key';

@Injectable()
export class SigningKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

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

  /** The active key with its private half: the only read of a private key. */
  findActiveForSigning(): Promise<(SigningKeyEntity & { privateKeyPem: string }) | null> {
    return this.dataSource
      .getRepository(SigningKeyEntity)
      .createQueryBuilder('key')
      .addSelect('key.privateKeyPem')
      .where('key.retired_at IS NULL')
      .getOne() as Promise<(SigningKeyEntity & { privateKeyPem: string }) | null>;
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
    await manager.update(SigningKeyEntity, { kid: active.kid }, { retiredAt: at, privateKeyPem: null });
    return { ...active, retiredAt: at };
  }

  async insertActive(manager: EntityManager, pair: SigningKeyPair, at: Date): Promise<SigningKeyEntity> {
    const key = Object.assign(new SigningKeyEntity(), {
      kid: pair.kid,
      privateKeyPem: pair.privateKeyPem,
      publicKeyPem: pair.publicKeyPem,
      createdAt: at,
      activatedAt: at,
      retiredAt: null,
    } satisfies SigningKeyEntity);
    await manager.insert(SigningKeyEntity, key);
    return key;
  }
}
