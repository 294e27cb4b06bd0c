import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock, decodeKeysetCursor, encodeKeysetCursor } from '@referral/platform-database';
import { pageOf, pageSize } from '@referral/contracts';
import { ProblemException, readCursor } from '@referral/platform-http';
import { generateClientId, generateClientSecret, hashClientSecret } from '../auth/client-secret';
import { ApiClientRepository } from './api-client.repository';
import type { ApiClientCreatedDto } from './dto/api-client-created.dto';
import { ApiClientDto, type ApiClientPageDto } from './dto/api-client.dto';
import type { CreateApiClientDto } from './dto/create-api-client.dto';
import type { ListApiClientsQuery } from './dto/list-api-clients.query';

@Injectable()
export class ApiClientsService {
  constructor(
    private readonly clients: ApiClientRepository,
    private readonly clock: Clock,
  ) {}

  /** A new client with a generated id and secret; the secret is answered once and kept only hashed. */
  async create(input: CreateApiClientDto): Promise<ApiClientCreatedDto> {
    const clientSecret = generateClientSecret();
    const client = {
      id: randomUUID(),
      clientId: generateClientId(),
      name: input.name,
      organizationId: input.organizationId,
      practitionerId: input.practitionerId ?? null,
      roles: input.roles,
      secretHash: await hashClientSecret(clientSecret),
      createdAt: this.clock.now(),
      revokedAt: null,
    };
    await this.clients.insert(client);
    return { id: client.id, clientId: client.clientId, clientSecret };
  }

  async list(query: ListApiClientsQuery): Promise<ApiClientPageDto> {
    const after = readCursor(query.cursor, decodeKeysetCursor);
    const limit = pageSize(query);
    const rows = await this.clients.page(limit, after);
    return pageOf(rows, limit, (client) => ApiClientDto.from(client), encodeKeysetCursor);
  }

  /** From now on the client's secret gets no token. Tokens already issued live out their short life. */
  async revoke(id: string): Promise<void> {
    if (!(await this.clients.revoke(id, this.clock.now()))) {
      throw ProblemException.of('not-found', { detail: `API client ${id} was not found` });
    }
  }
}
