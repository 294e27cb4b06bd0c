import { Module } from '@nestjs/common';
import { ApiClientsModule } from '../api-clients/api-clients.module';
import { ClientAssertionReplay } from './client-assertion-replay';
import { IssueTokenCommand } from './issue-token.command';
import { JwksController } from './jwks.controller';
import { SigningKeysController } from './signing-keys.controller';
import { SigningKeysModule } from './signing-keys.module';
import { SigningKeysService } from './signing-keys.service';
import { SmartConfigurationController } from './smart-configuration.controller';
import { TokenEndpointBodyErrors } from './token-endpoint-body-errors';
import { TokenController } from './token.controller';

/**
 * Token issuing (client credentials: a secret or a signed assertion, SMART Backend Services), the
 * JWKS, the SMART configuration and signing-key rotation.
 */
@Module({
  imports: [ApiClientsModule, SigningKeysModule],
  controllers: [TokenController, JwksController, SmartConfigurationController, SigningKeysController],
  providers: [IssueTokenCommand, ClientAssertionReplay, SigningKeysService, TokenEndpointBodyErrors],
})
export class AuthModule {}
