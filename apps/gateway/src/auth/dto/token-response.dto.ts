import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'TokenResponse' })
export class TokenResponseDto {
  @ApiProperty({ description: 'An RS256 JWT; send it as `Authorization: Bearer <access_token>`' })
  access_token: string;

  @ApiProperty({ enum: ['Bearer'] }) token_type: 'Bearer';

  @ApiProperty({ example: 900, description: 'Seconds until the token expires' })
  expires_in: number;

  @ApiPropertyOptional({
    example: 'system/ServiceRequest.cruds system/Task.cruds',
    description:
      'The granted scopes (the ones asked for), when any were asked for; also the token’s scope claim',
  })
  scope?: string;
}

/** RFC 6749 §5.2. */
@ApiSchema({ name: 'OAuthError' })
export class OAuthErrorDto {
  @ApiProperty({ enum: ['invalid_request', 'invalid_client', 'invalid_scope', 'unsupported_grant_type'] })
  error: string;

  @ApiProperty() error_description: string;
}
