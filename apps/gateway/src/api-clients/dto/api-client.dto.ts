import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ROLES, type Role } from '@referral/platform-auth';
import type { ApiClientWithSecret } from '../api-client.repository';
import type { ClientJwks } from '../client-jwks';
import { ClientJwksDto } from './client-jwks.dto';

/** An API client as admins see it: its public keys, never its secret nor the secret's hash. */
@ApiSchema({ name: 'ApiClient' })
export class ApiClientDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() clientId: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) practitionerId: string | null;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt: string | null;

  @ApiProperty({
    type: ClientJwksDto,
    nullable: true,
    description: 'The public keys of its signed assertions (public data), when it has any',
  })
  jwks: ClientJwks | null;

  @ApiProperty({ description: 'Whether it has a client secret (never the secret)' }) hasSecret: boolean;

  static from(client: ApiClientWithSecret): ApiClientDto {
    return {
      id: client.id,
      clientId: client.clientId,
      name: client.name,
      organizationId: client.organizationId,
      practitionerId: client.practitionerId,
      roles: client.roles,
      createdAt: client.createdAt.toISOString(),
      revokedAt: client.revokedAt?.toISOString() ?? null,
      jwks: client.jwks,
      hasSecret: client.secretHash !== null && client.secretHash !== undefined,
    };
  }
}

@ApiSchema({ name: 'ApiClientPage' })
export class ApiClientPageDto {
  @ApiProperty({ type: [ApiClientDto] }) items: ApiClientDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
