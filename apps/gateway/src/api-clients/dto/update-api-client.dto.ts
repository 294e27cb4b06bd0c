import { ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Equals, IsOptional, ValidateIf } from 'class-validator';
import type { ClientJwks } from '../client-jwks';
import { ClientJwksDto, EXAMPLE_CLIENT_JWKS, IsClientJwks } from './client-jwks.dto';

/** What PATCH may change: the public keys, and the secret (removed only). At least one of them. */
@ApiSchema({ name: 'UpdateApiClientRequest' })
export class UpdateApiClientDto {
  @ApiPropertyOptional({
    type: ClientJwksDto,
    nullable: true,
    example: EXAMPLE_CLIENT_JWKS,
    description:
      'The public keys that replace the registered ones (rotation: send the new key with the old, then without it), or null to remove them',
  })
  @ValidateIf(
    (body: UpdateApiClientDto) =>
      body.jwks !== null && (body.jwks !== undefined || body.secret === undefined),
  )
  @IsClientJwks()
  jwks?: ClientJwks | null;

  @ApiPropertyOptional({
    enum: [false],
    description:
      '`false` removes the client secret: the client then authenticates with its keys only (SMART Backend Services)',
  })
  @IsOptional()
  @Equals(false, { message: 'secret can only be false (remove the secret)' })
  secret?: false;
}
