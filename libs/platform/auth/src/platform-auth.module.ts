import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { AUTH_OPTIONS, resolveAuthOptions, type PlatformAuthOptions } from './auth-options';
import { JwksKeyResolver } from './jwks-key-resolver';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JWT_STRATEGY, JwtStrategy } from './jwt.strategy';
import { RolesGuard } from './roles.guard';
import { SIGNING_KEY_RESOLVER } from './signing-key-resolver';

function resolverProvider(resolver: Provider | undefined): Provider {
  if (!resolver) return { provide: SIGNING_KEY_RESOLVER, useClass: JwksKeyResolver };
  if (typeof resolver === 'function') return { provide: SIGNING_KEY_RESOLVER, useClass: resolver };
  if (resolver.provide !== SIGNING_KEY_RESOLVER) {
    throw new Error('PlatformAuthModule: the resolver must be a class or a provider of SIGNING_KEY_RESOLVER');
  }
  return resolver;
}

/**
 * Token authentication of a service: every HTTP route needs a valid RS256 bearer token of a trusted
 * issuer unless it is @Public(), and @Roles(...) routes a caller holding one of those roles.
 */
@Module({})
export class PlatformAuthModule {
  static forRoot(options: PlatformAuthOptions): DynamicModule {
    return {
      module: PlatformAuthModule,
      global: true,
      imports: [
        PassportModule.register({ defaultStrategy: JWT_STRATEGY, session: false }),
        ...(options.imports ?? []),
      ],
      providers: [
        { provide: AUTH_OPTIONS, useValue: resolveAuthOptions(options) },
        resolverProvider(options.resolver),
        JwtStrategy,
        // In this order: authentication first, so that the roles guard always sees a caller.
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
      exports: [AUTH_OPTIONS, SIGNING_KEY_RESOLVER],
    };
  }
}
