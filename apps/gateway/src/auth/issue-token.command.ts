import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AccessTokenClaims } from '@referral/platform-auth';
import { SERVICE_ENV } from '@referral/platform-http';
import { ApiClientRepository } from '../api-clients/api-client.repository';
import type { GatewayEnv } from '../config';
import { signAccessToken } from './access-token';
import { generateClientSecret, hashClientSecret, verifyClientSecret } from './client-secret';
import { OAuthError } from './oauth-error';
import { SigningKeysService } from './signing-keys.service';
import type { ClientCredentials } from './token-request';
import { Clock } from '@referral/platform-database';

export interface IssuedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4): a live client with the right secret gets an RS256
 * access token naming its organization, practitioner and roles.
 */
@Injectable()
export class IssueTokenCommand implements OnModuleInit {
  /** Checked against when the client is unknown, so that an unknown id costs a real comparison. */
  private decoy: string | undefined;

  constructor(
    private readonly clients: ApiClientRepository,
    private readonly signingKeys: SigningKeysService,
    @Inject(SERVICE_ENV) private readonly env: GatewayEnv,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    this.decoy = await hashClientSecret(generateClientSecret());
  }

  async execute(credentials: ClientCredentials): Promise<IssuedToken> {
    const client = await this.clients.findWithSecret(credentials.clientId);
    this.decoy ??= await hashClientSecret(generateClientSecret());
    const matches = await verifyClientSecret(credentials.clientSecret, client?.secretHash ?? this.decoy);
    // One answer for an unknown client, a wrong secret and a revoked client: none tells which.
    if (!client || !matches || client.revokedAt) {
      throw new OAuthError(
        'invalid_client',
        'Client authentication failed.',
        401,
        credentials.basic ? 'Basic' : undefined,
      );
    }

    const key = await this.signingKeys.active();
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const claims: AccessTokenClaims = {
      iss: this.env.AUTH_ISSUER,
      aud: this.env.AUTH_AUDIENCE,
      sub: client.clientId,
      org: client.organizationId,
      ...(client.practitionerId && { practitioner: client.practitionerId }),
      roles: client.roles,
      iat,
      exp: iat + this.env.JWT_TTL_SECONDS,
      jti: randomUUID(),
    };
    return {
      access_token: await signAccessToken(claims, key.kid, key.privateKey),
      token_type: 'Bearer',
      expires_in: this.env.JWT_TTL_SECONDS,
    };
  }
}
