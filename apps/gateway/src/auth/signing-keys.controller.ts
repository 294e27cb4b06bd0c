import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@referral/platform-auth';
import { ApiProblems } from '@referral/platform-http';
import { SigningKeyRotationDto } from './dto/signing-key-rotation.dto';
import { SigningKeysService } from './signing-keys.service';

@ApiTags('auth')
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
  @ApiProblems(401, { status: 403, description: 'The caller is not an admin' })
  async rotate(): Promise<SigningKeyRotationDto> {
    return SigningKeyRotationDto.from(await this.signingKeys.rotate());
  }
}
