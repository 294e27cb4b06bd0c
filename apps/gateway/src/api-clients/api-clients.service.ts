import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { decodeKeysetCursor, encodeKeysetCursor } from '@referral/platform-database';
import { ProblemException, ValidationProblem } from '@referral/platform-http';
import { generateClientId, generateClientSecret, hashClientSecret } from '../auth/client-secret';
import { ApiClientRepository } from './api-client.repository';
import type { ApiClientCreatedDto } from './dto/api-client-created.dto';
import { ApiClientDto, type ApiClientPageDto } from './dto/api-client.dto';
import type { CreateApiClientDto } from './dto/create-api-client.dto';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './dto/list-api-clients.query';

@Injectable()
export class ApiClientsService {
  constructor(private readonly clients: ApiClientRepository) {}

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
      createdAt: new Date(),
      revokedAt: null,
    };
    await this.clients.insert(client);
    return { id: client.id, clientId: client.clientId, clientSecret };
  }

  async list(limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<ApiClientPageDto> {
    const after = cursor === undefined ? undefined : decodeKeysetCursor(cursor);
    if (cursor !== undefined && !after) {
      throw new ValidationProblem([
        { field: 'cursor', message: 'cursor must be a nextCursor this API answered' },
      ]);
    }
    const size = Math.min(limit, MAX_PAGE_SIZE);
    const rows = await this.clients.page(size, after);
    const items = rows.slice(0, size);
    const last = items.at(-1);
    return {
      items: items.map((client) => ApiClientDto.from(client)),
      nextCursor: rows.length > size && last ? encodeKeysetCursor(last) : null,
    };
  }

  /** From now on the client's secret gets no token. Tokens already issued live out their short life. */
  async revoke(id: string): Promise<void> {
    if (!(await this.clients.revoke(id, new Date()))) {
      throw ProblemException.of('not-found', { detail: `API client ${id} was not found` });
    }
  }
}
