import { Module, type DynamicModule } from '@nestjs/common';
import { authOptionsFromEnv, PlatformAuthModule, SIGNING_KEY_RESOLVER } from '@referral/platform-auth';
import { PlatformModule, type ServiceDefinition } from '@referral/platform-http';
import { ApiClientsModule } from './api-clients/api-clients.module';
import { AuthModule } from './auth/auth.module';
import { LocalSigningKeyResolver } from './auth/local-signing-key.resolver';
import { SigningKeysModule } from './auth/signing-keys.module';
import { ProxyModule } from './proxy/proxy.module';

@Module({})
export class AppModule {
  static register(service: ServiceDefinition): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(service),
        // The gateway verifies its own tokens from its key table, not over HTTP from its own JWKS.
        PlatformAuthModule.forRoot({
          ...authOptionsFromEnv(service.env),
          resolver: { provide: SIGNING_KEY_RESOLVER, useClass: LocalSigningKeyResolver },
          imports: [SigningKeysModule],
        }),
        AuthModule,
        ApiClientsModule,
        ProxyModule,
      ],
    };
  }
}
