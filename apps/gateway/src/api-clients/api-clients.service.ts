import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock, decodeKeysetCursor, encodeKeysetCursor } from '@referral/platform-database';
import { pageOf, pageSize } from '@referral/contracts';
import { ProblemException, readCursor, ValidationProblem } from '@referral/platform-http';
import { generateClientId, generateClientSecret, hashClientSecret } from '../auth/client-secret';
import { ApiClientRepository } from './api-client.repository';
import { storedJwks } from './client-jwks';
import type { ApiClientCreatedDto } from './dto/api-client-created.dto';
import { ApiClientDto, type ApiClientPageDto } from './dto/api-client.dto';
import type { CreateApiClientDto } from './dto/create-api-client.dto';
import type { ListApiClientsQuery } from './dto/list-api-clients.query';
import type { UpdateApiClientDto } from './dto/update-api-client.dto';

@Injectable()
export class ApiClientsService {
  constructor(
    private readonly clients: ApiClientRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * A new client with a generated id, and a secret unless it authenticates with its `jwks` only
   * (`secret`, default: a secret when no keys are given). The secret is answered once and kept only
   * hashed; the keys are kept as registered, public members only.
   */
  async create(input: CreateApiClientDto): Promise<ApiClientCreatedDto> {
    const withSecret = input.secret ?? input.jwks === undefined;
    if (!withSecret && input.jwks === undefined) {
      throw new ValidationProblem([
        { field: 'secret', message: 'a client needs a secret or jwks to authenticate with' },
      ]);
    }
    const clientSecret = withSecret ? generateClientSecret() : undefined;
    const client = {
      id: randomUUID(),
      clientId: generateClientId(),
      name: input.name,
      organizationId: input.organizationId,
      practitionerId: input.practitionerId ?? null,
      roles: input.roles,
      secretHash: clientSecret === undefined ? null : await hashClientSecret(clientSecret),
      jwks: input.jwks === undefined ? null : storedJwks(input.jwks),
      createdAt: this.clock.now(),
      revokedAt: null,
    };
    await this.clients.insert(client);
    return { id: client.id, clientId: client.clientId, ...(clientSecret && { clientSecret }) };
  }

  /**
   * Replaces the client's public keys, or removes them (null) from a client that has a secret to
   * fall back on. Assertions signed with a removed key are refused from the next request on.
   */
  async update(id: string, input: UpdateApiClientDto): Promise<ApiClientDto> {
    const jwks = input.jwks === null ? null : storedJwks(input.jwks);
    if (!(await this.clients.setJwks(id, jwks))) {
      const client = await this.clients.findByIdWithSecret(id);
      if (!client) throw ProblemException.of('not-found', { detail: `API client ${id} was not found` });
      throw new ValidationProblem([
        { field: 'jwks', message: 'the client has no secret: its keys are its only way to authenticate' },
      ]);
    }
    const updated = await this.clients.findByIdWithSecret(id);
    if (!updated) throw ProblemException.of('not-found', { detail: `API client ${id} was not found` });
    return ApiClientDto.from(updated);
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
