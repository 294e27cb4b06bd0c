import { SystemClock } from '@referral/platform-database';
import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { ApiClientRepository, ApiClientWithSecret } from '../api-clients/api-client.repository';
import type { GatewayEnv } from '../config';
import { hashClientSecret } from './client-secret';
import { IssueTokenCommand } from './issue-token.command';
import { OAuthError } from './oauth-error';
import type { SigningKeysService } from './signing-keys.service';

describe('IssueTokenCommand', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const env = {
    AUTH_ISSUER: 'urn:specialist-referral:gateway',
    AUTH_AUDIENCE: 'specialist-referral-api',
    JWT_TTL_SECONDS: 600,
  } as GatewayEnv;
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
    clients = new Map();
    const repository = { findWithSecret: async (id: string) => clients.get(id) ?? null };
    const signingKeys = { active: async () => ({ kid: 'k1', privateKey }) };
    command = new IssueTokenCommand(
      repository as unknown as ApiClientRepository,
      signingKeys as unknown as SigningKeysService,
      env,
      new SystemClock(),
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
});
