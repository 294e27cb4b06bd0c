import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { KeysetPosition } from '@referral/platform-database';
import { ApiClientEntity } from './api-client.entity';
import type { ClientJwks } from './client-jwks';

/** A client with its secret hash selected (null when it has no secret). */
export type ApiClientWithSecret = ApiClientEntity;

@Injectable()
export class ApiClientRepository {
  constructor(@InjectRepository(ApiClientEntity) private readonly clients: Repository<ApiClientEntity>) {}

  async insert(client: ApiClientWithSecret): Promise<void> {
    await this.clients.insert(client);
  }

  /** Inserts unless a client with that client id exists (another instance may be starting too). */
  async insertIfAbsent(client: ApiClientWithSecret): Promise<boolean> {
    const result = await this.clients
      .createQueryBuilder()
      .insert()
      .values(client)
      .orIgnore()
      .returning(['id'])
      .execute();
    return result.raw.length > 0;
  }

  /** The client with its secret hash: only to check a secret. */
  findWithSecret(clientId: string): Promise<ApiClientWithSecret | null> {
    return this.clients
      .createQueryBuilder('client')
      .addSelect('client.secretHash')
      .where('client.client_id = :clientId', { clientId })
      .getOne();
  }

  /** By its row id, with its secret hash: only to know whether it has a secret. */
  findByIdWithSecret(id: string): Promise<ApiClientWithSecret | null> {
    return this.clients
      .createQueryBuilder('client')
      .addSelect('client.secretHash')
      .where('client.id = :id', { id })
      .getOne();
  }

  /**
   * Replaces (or, null, removes) the client's public keys and/or removes its secret; false when there
   * is no such client, or when the change would leave it with neither a secret nor keys.
   */
  async updateCredentials(
    id: string,
    changes: { jwks?: ClientJwks | null; removeSecret?: boolean },
  ): Promise<boolean> {
    const set: Partial<Pick<ApiClientEntity, 'jwks' | 'secretHash'>> = {};
    if (changes.jwks !== undefined) set.jwks = changes.jwks;
    if (changes.removeSecret) set.secretHash = null;
    const keysAfter = changes.jwks === undefined ? 'jwks IS NOT NULL' : String(changes.jwks !== null);
    const secretAfter = changes.removeSecret ? 'false' : 'secret_hash IS NOT NULL';
    const result = await this.clients
      .createQueryBuilder()
      .update()
      .set(set)
      .where('id = :id', { id })
      // Checked in the statement (the row's CHECK holds it too), so a concurrent change cannot slip by.
      .andWhere(`(${keysAfter} OR ${secretAfter})`)
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async setSecretHash(clientId: string, secretHash: string): Promise<void> {
    await this.clients.update({ clientId }, { secretHash });
  }

  /** Oldest first, after the cursor; one more than asked, to tell whether another page follows. */
  page(limit: number, after: KeysetPosition | undefined): Promise<ApiClientWithSecret[]> {
    const query = this.clients
      .createQueryBuilder('client')
      // Only to tell whether each has a secret (hasSecret); never answered.
      .addSelect('client.secretHash')
      .orderBy('client.created_at', 'ASC')
      .addOrderBy('client.id', 'ASC')
      .limit(limit + 1);
    if (after) {
      query.where('(client.created_at, client.id) > (:createdAt, :id)', after);
    }
    return query.getMany();
  }

  /** Revokes the client (a second revocation keeps the first time); false when there is no such client. */
  async revoke(id: string, at: Date): Promise<boolean> {
    const result = await this.clients
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'COALESCE(revoked_at, :at)' })
      .setParameter('at', at)
      .where('id = :id', { id })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
