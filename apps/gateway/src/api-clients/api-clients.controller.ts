import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Roles } from '@referral/platform-auth';
import { ApiClientsService } from './api-clients.service';
import { ApiClientCreatedDto } from './dto/api-client-created.dto';
import { ApiClientPageDto } from './dto/api-client.dto';
import { CreateApiClientDto } from './dto/create-api-client.dto';
import { ListApiClientsQuery } from './dto/list-api-clients.query';

@ApiTags('auth')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No token, or a bad one' })
@ApiForbiddenResponse({ description: 'The caller is not an admin' })
@Roles('admin')
@Controller('v1/api-clients')
export class ApiClientsController {
  constructor(private readonly clients: ApiClientsService) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: ApiClientCreatedDto, description: 'The secret is shown this once' })
  create(@Body() body: CreateApiClientDto): Promise<ApiClientCreatedDto> {
    return this.clients.create(body);
  }

  @Get()
  @ApiOkResponse({ type: ApiClientPageDto })
  list(@Query() query: ListApiClientsQuery): Promise<ApiClientPageDto> {
    return this.clients.list(query.limit, query.cursor);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked: its secret gets no more tokens' })
  @ApiNotFoundResponse()
  async revoke(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.clients.revoke(id);
  }
}
