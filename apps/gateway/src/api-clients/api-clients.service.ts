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
   * A new client with a generated id and secret, and the public keys of its assertions when `jwks` is
   * given. The secret is answered once and kept only hashed (a client with keys may drop it with
   * `update`); the keys are kept as registered, public members only.
   */
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
      jwks: input.jwks === undefined ? null : storedJwks(input.jwks),
      createdAt: this.clock.now(),
      revokedAt: null,
    };
    await this.clients.insert(client);
    return { id: client.id, clientId: client.clientId, clientSecret };
  }

  /**
   * Replaces the client's public keys or removes them (`jwks: null`), and/or removes its secret
   * (`secret: false`), as long as it keeps one of the two. Assertions signed with a removed key, and
   * the removed secret, get no token from the next request on.
   */
  async update(id: string, input: UpdateApiClientDto): Promise<ApiClientDto> {
    const jwks = input.jwks === undefined || input.jwks === null ? input.jwks : storedJwks(input.jwks);
    if (!(await this.clients.updateCredentials(id, { jwks, removeSecret: input.secret === false }))) {
      const client = await this.clients.findByIdWithSecret(id);
      if (!client) throw ProblemException.of('not-found', { detail: `API client ${id} was not found` });
      throw new ValidationProblem([
        {
          field: input.secret === false ? 'secret' : 'jwks',
          message: 'the client would be left with neither a secret nor keys to authenticate with',
        },
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
