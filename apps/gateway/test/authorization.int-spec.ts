import {
  describeAuthorizationMatrix,
  startTestService,
  TestIssuer,
  type TestService,
} from '@referral/testing-service';
import { AppModule } from '../src/app.module';
import { GatewayEnv } from '../src/config';
import { entities } from '../src/entities';
import { migrations } from '../src/migrations';

/**
 * The gateway's own endpoints in the authorization matrix. Callers of every role come from a test
 * identity provider that the gateway trusts as an external issuer (AUTH_TRUSTED_ISSUERS), so any
 * role in any organization can be minted.
 */
describe('gateway: authorization', () => {
  let service: TestService;
  let issuer: TestIssuer;

  beforeAll(async () => {
    issuer = await new TestIssuer('urn:test:external-idp').start();
    service = await startTestService({
      name: 'gateway',
      envClass: GatewayEnv,
      appModule: AppModule,
      entities,
      migrations,
      env: { AUTH_TRUSTED_ISSUERS: `${issuer.issuer}|${issuer.jwksUrl}` },
    });
  });

  afterAll(async () => {
    await service?.close();
    await issuer?.stop();
  });

  const newClient = () => ({
    name: 'Matrix clinic EMR',
    organizationId: '9a1f5e1c-6b0e-4f7a-8d2c-3e4b5a6c7d80',
    roles: ['clinician'],
  });

  describeAuthorizationMatrix(
    'gateway',
    {
      url: () => service.url,
      issuer: () => issuer,
      setup: async (_organizationId, token) => {
        const response = await fetch(`${service.url}/v1/api-clients`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token(['admin'])}` },
          body: JSON.stringify(newClient()),
        });
        return { client: ((await response.json()) as { id: string }).id };
      },
    },
    [
      { method: 'POST', path: () => '/v1/api-clients', body: newClient, allowed: ['admin'] },
      { method: 'GET', path: () => '/v1/api-clients', allowed: ['admin'] },
      { method: 'DELETE', path: (f) => `/v1/api-clients/${f.ids.client}`, allowed: ['admin'] },
      { method: 'POST', path: () => '/v1/signing-keys/rotate', allowed: ['admin'] },
    ],
  );
});
