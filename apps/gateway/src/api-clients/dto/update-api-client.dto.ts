import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ValidateIf } from 'class-validator';
import type { ClientJwks } from '../client-jwks';
import { ClientJwksDto, EXAMPLE_CLIENT_JWKS, IsClientJwks } from './client-jwks.dto';

@ApiSchema({ name: 'UpdateApiClientRequest' })
export class UpdateApiClientDto {
  @ApiProperty({
    type: ClientJwksDto,
    example: EXAMPLE_CLIENT_JWKS,
    nullable: true,
    description:
      'The public keys that replace the registered ones (rotation: send the new key with the old, then without it), or null to remove them (not from a client without a secret)',
  })
  @ValidateIf((body: UpdateApiClientDto) => body.jwks !== null)
  @IsClientJwks()
  jwks: ClientJwks | null;
}
