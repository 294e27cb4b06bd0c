import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '@referral/platform-auth';
import { ApiProblems } from '@referral/platform-http';
import { ApiClientsService } from './api-clients.service';
import { ApiClientCreatedDto } from './dto/api-client-created.dto';
import { ApiClientDto, ApiClientPageDto } from './dto/api-client.dto';
import { CreateApiClientDto } from './dto/create-api-client.dto';
import { ListApiClientsQuery } from './dto/list-api-clients.query';
import { UpdateApiClientDto } from './dto/update-api-client.dto';

@ApiTags('auth')
@ApiProblems(401, { status: 403, description: 'The caller is not an admin' })
@Roles('admin')
@Controller('v1/api-clients')
export class ApiClientsController {
  constructor(private readonly clients: ApiClientsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register an API client',
    description:
      'Role `admin`. The client gets tokens for its organization (and practitioner) with the given roles. It authenticates with its secret, or with assertions signed by a key of its `jwks` (SMART Backend Services, `private_key_jwt`) when it has one.',
  })
  @ApiCreatedResponse({ type: ApiClientCreatedDto, description: 'The secret is shown this once' })
  @ApiProblems(400, 415, 422)
  create(@Body() body: CreateApiClientDto): Promise<ApiClientCreatedDto> {
    return this.clients.create(body);
  }

  @Get()
  @ApiOperation({
    summary: 'List API clients',
    description:
      'Role `admin`. Oldest first (then by id), a page at a time (`limit`, `cursor`: the `nextCursor` of the previous page).',
  })
  @ApiOkResponse({ type: ApiClientPageDto })
  @ApiProblems(422)
  list(@Query() query: ListApiClientsQuery): Promise<ApiClientPageDto> {
    return this.clients.list(query);
  }

  @Patch(':id')
  @ApiOperation({
    summary: "Change an API client's credentials",
    description:
      'Role `admin`. A new `jwks` replaces the registered one (to rotate, send the new key with the old, then without it), null removes it; `"secret": false` removes the secret, leaving the keys only. A client keeps a secret or keys (422 otherwise). A removed key or secret gets no token from then on.',
  })
  @ApiOkResponse({ type: ApiClientDto })
  @ApiProblems(400, 404, 415, 422)
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateApiClientDto,
  ): Promise<ApiClientDto> {
    return this.clients.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Revoke an API client',
    description:
      'Role `admin`. Its secret stops working at once; tokens already issued expire within their lifetime.',
  })
  @ApiNoContentResponse({ description: 'Revoked: its secret gets no more tokens' })
  @ApiProblems(400, 404)
  async revoke(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.clients.revoke(id);
  }
}
