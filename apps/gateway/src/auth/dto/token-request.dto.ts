import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

/**
 * The token request (RFC 6749 §4.4.2), as a form or as JSON. Documentation only: the endpoint reads
 * the parameters itself, to answer mistakes the OAuth way rather than as problem+json.
 */
@ApiSchema({ name: 'TokenRequest' })
export class TokenRequestDto {
  @ApiProperty({ enum: ['client_credentials'], example: 'client_credentials' })
  grant_type: 'client_credentials';

  @ApiPropertyOptional({ example: 'cl_Xq3vR7mT2pL9sK4wN8bY1cZ5', description: 'Or in HTTP Basic' })
  client_id?: string;

  @ApiPropertyOptional({
    example: 'uGk3y1Q7bX0tNwE9fJ2aL5pR8sV4cH6mZ1dK3oT7qY0',
    description: 'Or in HTTP Basic (then not here)',
  })
  client_secret?: string;
}
