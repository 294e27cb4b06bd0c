import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@referral/platform-auth';
import { SERVICE_ENV } from '@referral/platform-http';
import type { GatewayEnv } from '../config';
import { SmartConfigurationDto } from './dto/smart-configuration.dto';
import { smartConfiguration } from './smart-configuration';

const DESCRIPTION =
  'SMART App Launch 2 discovery for backend services: the token endpoint, its client authentication methods (`private_key_jwt` with the algorithms listed, or a secret), the grant and the system scopes. The same document at the site root and relative to the FHIR base (`/fhir/R4`), where SMART clients look for it.';

@ApiTags('auth')
@Public()
@Controller()
export class SmartConfigurationController {
  private readonly configuration: SmartConfigurationDto;

  constructor(@Inject(SERVICE_ENV) env: GatewayEnv) {
    this.configuration = smartConfiguration(env);
  }

  @Get('.well-known/smart-configuration')
  @Header('Cache-Control', 'public, max-age=3600')
  @ApiOperation({ summary: 'SMART configuration', description: DESCRIPTION })
  @ApiOkResponse({ type: SmartConfigurationDto })
  root(): SmartConfigurationDto {
    return this.configuration;
  }

  @Get('fhir/R4/.well-known/smart-configuration')
  @Header('Cache-Control', 'public, max-age=3600')
  @ApiOperation({ summary: 'SMART configuration, relative to the FHIR base', description: DESCRIPTION })
  @ApiOkResponse({ type: SmartConfigurationDto })
  fhir(): SmartConfigurationDto {
    return this.configuration;
  }
}
