import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@referral/platform-auth';
import { JwksDto } from './dto/jwks.dto';
import { SigningKeysService } from './signing-keys.service';

@ApiTags('auth')
@Public()
@Controller('.well-known')
export class JwksController {
  constructor(private readonly signingKeys: SigningKeysService) {}

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOperation({
    summary: "The gateway's token signing keys",
    description: 'The active key and retired keys whose tokens may still be live (RFC 7517).',
  })
  @ApiOkResponse({ type: JwksDto })
  async jwks(): Promise<JwksDto> {
    return { keys: await this.signingKeys.jwks() };
  }
}
