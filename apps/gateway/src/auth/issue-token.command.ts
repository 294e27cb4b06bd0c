import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AccessTokenClaims } from '@referral/platform-auth';
import { SERVICE_ENV } from '@referral/platform-http';
import { ApiClientRepository, type ApiClientWithSecret } from '../api-clients/api-client.repository';
import { tokenEndpointUrl, type GatewayEnv } from '../config';
import { signAccessToken } from './access-token';
import { assertedClientId, verifyClientAssertion } from './client-assertion';
import { ClientAssertionReplay } from './client-assertion-replay';
import { generateClientSecret, hashClientSecret, verifyClientSecret } from './client-secret';
import { OAuthError } from './oauth-error';
import { SigningKeysService } from './signing-keys.service';
import type { AssertionCredentials, ClientCredentials, SecretCredentials } from './token-request';
import { Clock } from '@referral/platform-database';

export interface IssuedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  /** The granted scopes, space-separated, when the client asked for any. */
  scope?: string;
}

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4): a live client with the right secret, or with an
 * assertion signed by one of its registered keys (RFC 7523, SMART Backend Services), gets an RS256
 * access token naming its organization, practitioner and roles, and the SMART scopes it asked for.
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
    private readonly replay: ClientAssertionReplay,
  ) {}

  async onModuleInit(): Promise<void> {
    this.decoy = await hashClientSecret(generateClientSecret());
  }

  async execute(credentials: ClientCredentials): Promise<IssuedToken> {
    const client =
      credentials.assertion === undefined
        ? await this.bySecret(credentials)
        : await this.byAssertion(credentials);
    const scope = credentials.scopes?.join(' ');

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
      ...(scope && { scope }),
    };
    return {
      access_token: await signAccessToken(claims, key.kid, key.privateKey),
      token_type: 'Bearer',
      expires_in: this.env.JWT_TTL_SECONDS,
      ...(scope && { scope }),
    };
  }

  private async bySecret(credentials: SecretCredentials): Promise<ApiClientWithSecret> {
    const client = await this.clients.findWithSecret(credentials.clientId);
    this.decoy ??= await hashClientSecret(generateClientSecret());
    // A client without a secret (keys only) is checked against the decoy, which nothing matches.
    const matches = await verifyClientSecret(credentials.clientSecret, client?.secretHash ?? this.decoy);
    // One answer for an unknown client, a wrong secret and a revoked client: none tells which.
    if (!client || !client.secretHash || !matches || client.revokedAt) {
      throw new OAuthError(
        'invalid_client',
        'Client authentication failed.',
        401,
        credentials.basic ? 'Basic' : undefined,
      );
    }
    return client;
  }

  private async byAssertion(credentials: AssertionCredentials): Promise<ApiClientWithSecret> {
    const clientId = assertedClientId(credentials.assertion);
    if (credentials.clientId !== undefined && credentials.clientId !== clientId) {
      throw new OAuthError('invalid_request', "client_id differs from the client assertion's iss.");
    }
    const client = await this.clients.findWithSecret(clientId);
    // One answer for an unknown client, a revoked one and one without keys.
    if (!client || !client.jwks || client.revokedAt) {
      throw new OAuthError('invalid_client', 'Client authentication failed.');
    }
    const verified = await verifyClientAssertion(credentials.assertion, {
      clientId,
      jwks: client.jwks,
      audience: tokenEndpointUrl(this.env),
      now: this.clock.now(),
      clockToleranceSeconds: this.env.AUTH_CLOCK_TOLERANCE_SECONDS,
    });
    if (!(await this.replay.firstUse(clientId, verified.jti, verified.usableUntil))) {
      throw new OAuthError('invalid_client', 'The client assertion was used before (jti).');
    }
    return client;
  }
}
