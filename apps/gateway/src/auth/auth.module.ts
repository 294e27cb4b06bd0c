import { Module } from '@nestjs/common';
import { ApiClientsModule } from '../api-clients/api-clients.module';
import { IssueTokenCommand } from './issue-token.command';
import { JwksController } from './jwks.controller';
import { SigningKeysController } from './signing-keys.controller';
import { SigningKeysModule } from './signing-keys.module';
import { SigningKeysService } from './signing-keys.service';
import { TokenEndpointBodyErrors } from './token-endpoint-body-errors';
import { TokenController } from './token.controller';

/** Token issuing (client credentials), the JWKS and signing-key rotation. */
@Module({
  imports: [ApiClientsModule, SigningKeysModule],
  controllers: [TokenController, JwksController, SigningKeysController],
  providers: [IssueTokenCommand, SigningKeysService, TokenEndpointBodyErrors],
})
export class AuthModule {}
