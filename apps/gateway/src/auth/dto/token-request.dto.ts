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
    description: 'Or in HTTP Basic (then not here); never with client_assertion',
  })
  client_secret?: string;

  @ApiPropertyOptional({
    enum: ['urn:ietf:params:oauth:client-assertion-type:jwt-bearer'],
    description:
      'With client_assertion: the client authenticates with a signed JWT (RFC 7523, SMART Backend Services)',
  })
  client_assertion_type?: string;

  @ApiPropertyOptional({
    description:
      'A JWT signed (RS384, ES384, RS256 or ES256) by a key of the client’s registered jwks, `kid` in its header: iss = sub = the client id, aud = this endpoint’s URL, exp at most 5 minutes ahead, jti used once',
  })
  client_assertion?: string;

  @ApiPropertyOptional({
    example: 'system/ServiceRequest.cruds system/Task.cruds',
    description:
      'SMART system scopes, space-separated: system/<Resource>.<cruds letters> (v2) or .read|write|* (v1), Resource one of the FHIR facade’s or *. Without it the token is not restricted by scope; the /v1 API ignores scopes (roles decide), the FHIR facade checks them',
  })
  scope?: string;
}
