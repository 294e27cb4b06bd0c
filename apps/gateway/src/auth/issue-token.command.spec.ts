import { SystemClock } from '@referral/platform-database';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import jwt from 'jsonwebtoken';
import type { ApiClientRepository, ApiClientWithSecret } from '../api-clients/api-client.repository';
import type { ClientJwks } from '../api-clients/client-jwks';
import type { GatewayEnv } from '../config';
import type { ClientAssertionReplay } from './client-assertion-replay';
import { hashClientSecret } from './client-secret';
import { IssueTokenCommand } from './issue-token.command';
import { OAuthError } from './oauth-error';
import type { SigningKeysService } from './signing-keys.service';
import { JWT_BEARER_ASSERTION, parseTokenRequest } from './token-request';

describe('IssueTokenCommand', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const env = {
    AUTH_ISSUER: 'urn:specialist-referral:gateway',
    AUTH_AUDIENCE: 'specialist-referral-api',
    JWT_TTL_SECONDS: 600,
    PUBLIC_URL: 'https://api.referrals.example.pk',
    AUTH_CLOCK_TOLERANCE_SECONDS: 30,
  } as GatewayEnv;
  const TOKEN_URL = 'https://api.referrals.example.pk/v1/auth/token';
  /** The jtis seen, as the PostgreSQL table keeps them. */
  let seen: Set<string>;
  let clients: Map<string, ApiClientWithSecret>;
  let command: IssueTokenCommand;

  const client = async (overrides: Partial<ApiClientWithSecret> = {}): Promise<ApiClientWithSecret> => ({
    id: '0e7c3f0a-1d2b-4c5d-8e9f-a0b1c2d3e4f5',
    clientId: 'cl_clinic',
    name: 'Clinic',
    organizationId: '2f0a3c54-8e0b-4b8e-9a57-2d6c1f3e4a10',
    practitionerId: null,
    roles: ['clinician'],
    secretHash: await hashClientSecret('right-secret', { N: 1024, r: 8, p: 1 }),
    createdAt: new Date(),
    revokedAt: null,
    jwks: null,
    ...overrides,
  });

  const issue = (clientId: string, clientSecret: string, basic = false) =>
    command.execute({ clientId, clientSecret, basic });

  const refusal = async (work: Promise<unknown>) => {
    const error = (await work.then(
      () => null,
      (e: unknown) => e,
    )) as OAuthError;
    expect(error).toBeInstanceOf(OAuthError);
    return {
      code: error.code,
      status: error.status,
      description: error.description,
      challenge: error.challenge,
    };
  };

  beforeEach(async () => {
    seen = new Set();
    clients = new Map();
    const repository = { findWithSecret: async (id: string) => clients.get(id) ?? null };
    const signingKeys = { active: async () => ({ kid: 'k1', privateKey }) };
    command = new IssueTokenCommand(
      repository as unknown as ApiClientRepository,
      signingKeys as unknown as SigningKeysService,
      env,
      new SystemClock(),
      {
        firstUse: async (clientId: string, jti: string) =>
          !seen.has(`${clientId} ${jti}`) && !!seen.add(`${clientId} ${jti}`),
      } as unknown as ClientAssertionReplay,
    );
    await command.onModuleInit();
  });

  it("issues a token naming the client's organization and roles, for JWT_TTL_SECONDS", async () => {
    clients.set('cl_clinic', await client());
    const issued = await issue('cl_clinic', 'right-secret');
    expect(issued).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    const claims = jwt.verify(issued.access_token, publicKey, {
      algorithms: ['RS256'],
      issuer: env.AUTH_ISSUER,
      audience: env.AUTH_AUDIENCE,
    }) as jwt.JwtPayload;
    expect(claims).toMatchObject({
      sub: 'cl_clinic',
      org: '2f0a3c54-8e0b-4b8e-9a57-2d6c1f3e4a10',
      roles: ['clinician'],
    });
    expect(claims).not.toHaveProperty('practitioner');
    expect(claims.exp! - claims.iat!).toBe(600);
    expect(claims.jti).toEqual(expect.any(String));
    expect(jwt.decode(issued.access_token, { complete: true })?.header.kid).toBe('k1');
  });

  it('names the practitioner when the client acts for one', async () => {
    const practitioner = '9b2d7e41-5c3a-4f8e-b1d0-7a6c5e4f3b21';
    clients.set('cl_clinic', await client({ practitionerId: practitioner, roles: ['specialist'] }));
    const claims = jwt.decode((await issue('cl_clinic', 'right-secret')).access_token) as jwt.JwtPayload;
    expect(claims).toMatchObject({ practitioner, roles: ['specialist'] });
  });

  it('answers an unknown client, a wrong secret and a revoked client alike: 401 invalid_client', async () => {
    clients.set('cl_clinic', await client());
    clients.set('cl_revoked', await client({ clientId: 'cl_revoked', revokedAt: new Date() }));
    const answers = [
      await refusal(issue('cl_nobody', 'right-secret')),
      await refusal(issue('cl_clinic', 'wrong-secret')),
      await refusal(issue('cl_revoked', 'right-secret')),
    ];
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]).toMatchObject({ code: 'invalid_client', status: 401 });
  });

  it('challenges with Basic when the client authenticated with Basic', async () => {
    expect(await refusal(issue('cl_nobody', 'x', true))).toMatchObject({ challenge: 'Basic' });
  });

  it('puts the granted scopes into the token and the answer, and none when none were asked for', async () => {
    clients.set('cl_clinic', await client());
    const issued = await command.execute({
      clientId: 'cl_clinic',
      clientSecret: 'right-secret',
      basic: false,
      scopes: ['system/ServiceRequest.cruds', 'system/Task.cruds'],
    });
    expect(issued.scope).toBe('system/ServiceRequest.cruds system/Task.cruds');
    expect(jwt.decode(issued.access_token)).toMatchObject({
      scope: 'system/ServiceRequest.cruds system/Task.cruds',
    });
    const plain = await issue('cl_clinic', 'right-secret');
    expect(plain).not.toHaveProperty('scope');
    expect(jwt.decode(plain.access_token)).not.toHaveProperty('scope');
  });

  it('refuses a secret to a client that has keys only', async () => {
    const { jwks } = await signer();
    clients.set('cl_keys', await client({ clientId: 'cl_keys', secretHash: null, jwks }));
    expect(await refusal(issue('cl_keys', 'anything'))).toMatchObject({
      code: 'invalid_client',
      status: 401,
    });
  });

  describe('with a client assertion', () => {
    const assertionRequest = async (
      sign: (claims: Record<string, unknown>) => Promise<string>,
      claims = {},
    ) =>
      parseTokenRequest(
        {
          grant_type: 'client_credentials',
          client_assertion_type: JWT_BEARER_ASSERTION,
          client_assertion: await sign(claims),
          scope: 'system/Task.rs',
        },
        undefined,
      );

    it('issues a token for the client the assertion names, signed with one of its keys, once per jti', async () => {
      const { jwks, sign } = await signer();
      clients.set('cl_hospital', await client({ clientId: 'cl_hospital', secretHash: null, jwks }));
      const request = await assertionRequest(sign);
      const issued = await command.execute(request);
      expect(jwt.decode(issued.access_token)).toMatchObject({
        sub: 'cl_hospital',
        org: '2f0a3c54-8e0b-4b8e-9a57-2d6c1f3e4a10',
        roles: ['clinician'],
        scope: 'system/Task.rs',
      });
      expect(await refusal(command.execute(request))).toEqual({
        code: 'invalid_client',
        status: 401,
        description: 'The client assertion was used before (jti).',
        challenge: undefined,
      });
      // Another jti: another token.
      await expect(command.execute(await assertionRequest(sign))).resolves.toMatchObject({
        token_type: 'Bearer',
      });
    });

    it('answers an unknown client, a revoked one and one without keys alike', async () => {
      const { jwks, sign } = await signer();
      const answers = [];
      for (const stored of [
        undefined,
        await client({ clientId: 'cl_hospital', jwks, revokedAt: new Date() }),
        await client({ clientId: 'cl_hospital' }),
      ]) {
        if (stored) clients.set('cl_hospital', stored);
        answers.push(await refusal(command.execute(await assertionRequest(sign))));
      }
      for (const answer of answers) {
        expect(answer).toEqual({
          code: 'invalid_client',
          status: 401,
          description: 'Client authentication failed.',
          challenge: undefined,
        });
      }
    });

    it('refuses a client_id that is not the assertion’s iss (invalid_request)', async () => {
      const { jwks, sign } = await signer();
      clients.set('cl_hospital', await client({ clientId: 'cl_hospital', secretHash: null, jwks }));
      const request = await assertionRequest(sign);
      expect(
        await refusal(command.execute({ ...request, clientId: 'cl_other' } as typeof request)),
      ).toMatchObject({
        code: 'invalid_request',
        status: 400,
      });
    });
  });

  /** An ES384 key registered as a client's JWKS, and assertions signed with it. */
  async function signer() {
    const pair = await generateKeyPair('ES384');
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'es-1', alg: 'ES384' };
    const jwks = { keys: [jwk] } as ClientJwks;
    const sign = (claims: Record<string, unknown> = {}) =>
      new SignJWT({
        iss: 'cl_hospital',
        sub: 'cl_hospital',
        aud: TOKEN_URL,
        exp: Math.floor(Date.now() / 1000) + 120,
        jti: randomUUID(),
        ...claims,
      })
        .setProtectedHeader({ alg: 'ES384', kid: 'es-1' })
        .sign(pair.privateKey);
    return { jwks, sign };
  }
});
