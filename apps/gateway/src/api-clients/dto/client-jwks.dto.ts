import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { registerDecorator, type ValidationArguments } from 'class-validator';
import { CLIENT_ASSERTION_ALGORITHMS } from '../../auth/client-assertion-algorithms';
import { jwksProblems, MAX_CLIENT_KEYS } from '../client-jwks';

/** A registered ES384 public key, as the documentation's example (synthetic; its private half is gone). */
export const EXAMPLE_CLIENT_JWKS = {
  keys: [
    {
      kty: 'EC',
      crv: 'P-384',
      x: 'MRWReoDVAWowmrfQF9Oli64jJdFXUHdRdnCoC5u6rbN-WsUIfMPTOM6mkrMrXEnb',
      y: 'xrQqla6wOXv6uFwYEb9wbe4TU1kxXzl07MJ9hCt25DG6jlFLufQjK8NFN3Oa8o8l',
      kid: 'jinnah-es384-2026',
      alg: 'ES384',
    },
  ],
};

/** A public key of a client (RFC 7517). Documentation of `jwks`; `IsClientJwks` checks it. */
@ApiSchema({ name: 'ClientJwk' })
export class ClientJwkDto {
  @ApiProperty({ enum: ['RSA', 'EC'] }) kty: 'RSA' | 'EC';
  @ApiProperty({ description: 'Named by the `kid` header of the assertions it signs', maxLength: 200 })
  kid: string;
  @ApiPropertyOptional({ enum: CLIENT_ASSERTION_ALGORITHMS }) alg?: string;
  @ApiPropertyOptional({ enum: ['sig'] }) use?: 'sig';
  @ApiPropertyOptional({ type: [String], description: 'When given, must include `verify`' })
  key_ops?: string[];
  @ApiPropertyOptional({ description: 'RSA modulus, base64url (2048 bits or more)' }) n?: string;
  @ApiPropertyOptional({ description: 'RSA exponent, base64url', example: 'AQAB' }) e?: string;
  @ApiPropertyOptional({ enum: ['P-256', 'P-384'] }) crv?: 'P-256' | 'P-384';
  @ApiPropertyOptional({ description: 'EC x coordinate, base64url' }) x?: string;
  @ApiPropertyOptional({ description: 'EC y coordinate, base64url' }) y?: string;
}

@ApiSchema({
  name: 'ClientJwks',
  description:
    'The public keys the client signs its token request assertions with (SMART Backend Services, RFC 7523). Public members only: a key with `d` (or another private member) is refused.',
})
export class ClientJwksDto {
  @ApiProperty({ type: [ClientJwkDto], minItems: 1, maxItems: MAX_CLIENT_KEYS }) keys: ClientJwkDto[];
}

/** A JWK Set of public signing keys (client-jwks.ts), each problem its own message. */
export function IsClientJwks(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isClientJwks',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => jwksProblems(value).length === 0,
        defaultMessage: (args: ValidationArguments) => jwksProblems(args.value).join('; '),
      },
    });
}
