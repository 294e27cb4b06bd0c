import { ApiProperty, ApiSchema } from '@nestjs/swagger';

/** SMART App Launch 2 "Conformance": what a backend client needs to get a token here. */
@ApiSchema({ name: 'SmartConfiguration' })
export class SmartConfigurationDto {
  @ApiProperty({ example: 'https://api.referrals.example.pk/v1/auth/token' }) token_endpoint: string;

  @ApiProperty({ example: ['private_key_jwt', 'client_secret_basic', 'client_secret_post'] })
  token_endpoint_auth_methods_supported: string[];

  @ApiProperty({ example: ['RS384', 'ES384', 'RS256', 'ES256'] })
  token_endpoint_auth_signing_alg_values_supported: string[];

  @ApiProperty({ example: ['client_credentials'] }) grant_types_supported: string[];

  @ApiProperty({ example: ['system/*.cruds', 'system/ServiceRequest.cruds', 'system/Task.rs'] })
  scopes_supported: string[];

  @ApiProperty({ example: ['client-confidential-asymmetric', 'permission-v2', 'permission-v1'] })
  capabilities: string[];

  @ApiProperty({
    example: 'https://api.referrals.example.pk/.well-known/jwks.json',
    description: "The gateway's own token signing keys (not the clients')",
  })
  jwks_uri: string;
}
