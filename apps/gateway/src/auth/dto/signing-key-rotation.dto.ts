import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { Rotation } from '../signing-keys.service';

@ApiSchema({ name: 'RetiredSigningKey' })
export class RetiredSigningKeyDto {
  @ApiProperty() kid: string;
  @ApiProperty({ format: 'date-time' }) retiredAt: string;

  @ApiProperty({ format: 'date-time', description: 'Published in the JWKS (and accepted) until then' })
  publishedUntil: string;
}

@ApiSchema({ name: 'SigningKeyRotation' })
export class SigningKeyRotationDto {
  @ApiProperty({ description: 'The key that signs new tokens' }) kid: string;
  @ApiProperty({ format: 'date-time' }) activatedAt: string;
  @ApiProperty({ type: RetiredSigningKeyDto, nullable: true }) previous: RetiredSigningKeyDto | null;

  static from(rotation: Rotation): SigningKeyRotationDto {
    return {
      kid: rotation.kid,
      activatedAt: rotation.activatedAt.toISOString(),
      previous: rotation.previous && {
        kid: rotation.previous.kid,
        retiredAt: rotation.previous.retiredAt.toISOString(),
        publishedUntil: rotation.previous.publishedUntil.toISOString(),
      },
    };
  }
}
