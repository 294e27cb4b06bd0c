import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'Jwk' })
export class JwkDto {
  @ApiProperty({ enum: ['RSA'] }) kty: 'RSA';
  @ApiProperty({ description: 'Modulus, base64url' }) n: string;
  @ApiProperty({ example: 'AQAB' }) e: string;
  @ApiProperty() kid: string;
  @ApiProperty({ enum: ['RS256'] }) alg: 'RS256';
  @ApiProperty({ enum: ['sig'] }) use: 'sig';
}

@ApiSchema({ name: 'Jwks' })
export class JwksDto {
  @ApiProperty({ type: [JwkDto] }) keys: JwkDto[];
}
