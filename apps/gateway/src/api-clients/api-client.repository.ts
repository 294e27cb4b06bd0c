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
   * Replaces (or, null, removes) the client's public keys; false when there is no such client, or
   * when removing them would leave it without a secret or keys (the row's CHECK holds that too).
   */
  async setJwks(id: string, jwks: ClientJwks | null): Promise<boolean> {
    const result = await this.clients
      .createQueryBuilder()
      .update()
      .set({ jwks })
      .where('id = :id', { id })
      .andWhere(jwks === null ? 'secret_hash IS NOT NULL' : 'true')
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async setSecretHash(clientId: string, secretHash: string): Promise<void> {
    await this.clients.update({ clientId }, { secretHash });
  }

  /** Oldest first, after the cursor; one more than asked, to tell whether another page follows. */
  page(limit: number, after: KeysetPosition | undefined): Promise<ApiClientEntity[]> {
    const query = this.clients
      .createQueryBuilder('client')
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
