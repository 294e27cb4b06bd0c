import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { KeysetPosition } from '@referral/platform-database';
import { ApiClientEntity } from './api-client.entity';

export type ApiClientWithSecret = ApiClientEntity & { secretHash: string };

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
      .getOne() as Promise<ApiClientWithSecret | null>;
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
