import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
} from 'class-validator';
import { ROLES, type Role } from '@referral/platform-auth';
import type { ClientJwks } from '../client-jwks';
import { ClientJwksDto, EXAMPLE_CLIENT_JWKS, IsClientJwks } from './client-jwks.dto';

@ApiSchema({ name: 'CreateApiClientRequest' })
export class CreateApiClientDto {
  @ApiProperty({ example: 'Basic Health Unit Chak 42 — clinic system', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ format: 'uuid', example: '2f0a3c54-8e0b-4b8e-9a57-2d6c1f3e4a10' })
  @IsUUID()
  organizationId: string;

  @ApiPropertyOptional({
    format: 'uuid',
    example: '9b2d7e41-5c3a-4f8e-b1d0-7a6c5e4f3b21',
    description: 'The practitioner the client acts for, when it acts for one',
  })
  @IsOptional()
  @IsUUID()
  practitionerId?: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['clinician'], minItems: 1 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles: Role[];

  @ApiPropertyOptional({
    type: ClientJwksDto,
    example: EXAMPLE_CLIENT_JWKS,
    description:
      'Public keys for `private_key_jwt` (SMART Backend Services): the client may then authenticate with a signed assertion; its secret still works until removed with PATCH (`"secret": false`)',
  })
  @IsOptional()
  @IsClientJwks()
  jwks?: ClientJwks;
}
