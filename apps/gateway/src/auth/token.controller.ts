import { Body, Controller, Header, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '@referral/platform-auth';
import { OAuthErrorDto, TokenResponseDto } from './dto/token-response.dto';
import { TokenRequestDto } from './dto/token-request.dto';
import { IssueTokenCommand, type IssuedToken } from './issue-token.command';
import { OAuthErrorFilter } from './oauth-error';
import { parseTokenRequest } from './token-request';

export const TOKEN_PATH = '/v1/auth/token';

@ApiTags('auth')
@Public()
@UseFilters(OAuthErrorFilter)
@Controller('v1/auth')
export class TokenController {
  constructor(private readonly issueToken: IssueTokenCommand) {}

  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({
    summary: 'OAuth 2.0 client credentials',
    description:
      'The client authenticates with client_id and client_secret in the body, with HTTP Basic, or with a signed JWT assertion (client_assertion_type jwt-bearer, RFC 7523; SMART Backend Services, see /.well-known/smart-configuration). `scope` asks for SMART system scopes. Errors follow RFC 6749 §5.2, not problem+json.',
  })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ type: TokenRequestDto })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiBadRequestResponse({
    type: OAuthErrorDto,
    description: 'invalid_request, invalid_scope, unsupported_grant_type',
  })
  @ApiUnauthorizedResponse({ type: OAuthErrorDto, description: 'invalid_client' })
  // The Authorization header (HTTP Basic) is read from the request rather than declared as a
  // parameter: OpenAPI ignores Authorization header parameters, clients must not be told to send it.
  token(@Body() body: unknown, @Req() request: FastifyRequest): Promise<IssuedToken> {
    return this.issueToken.execute(parseTokenRequest(body, request.headers.authorization));
  }
}
