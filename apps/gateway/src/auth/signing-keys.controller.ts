import { Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Roles } from '@referral/platform-auth';
import { SigningKeyRotationDto } from './dto/signing-key-rotation.dto';
import { SigningKeysService } from './signing-keys.service';

@ApiTags('auth')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/signing-keys')
export class SigningKeysController {
  constructor(private readonly signingKeys: SigningKeysService) {}

  @Post('rotate')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Rotate the token signing key',
    description:
      'A new key signs new tokens from now on; the previous one stays in the JWKS until the tokens it signed have expired.',
  })
  @ApiCreatedResponse({ type: SigningKeyRotationDto })
  @ApiUnauthorizedResponse({ description: 'No token, or a bad one' })
  @ApiForbiddenResponse({ description: 'The caller is not an admin' })
  async rotate(): Promise<SigningKeyRotationDto> {
    return SigningKeyRotationDto.from(await this.signingKeys.rotate());
  }
}
