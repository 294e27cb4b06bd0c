import type { TestDatabase } from '@referral/testing';
import { startTestService, type TestService } from '@referral/testing-service';
import { AppModule } from '../../src/app.module';
import { GatewayEnv } from '../../src/config';
import { entities } from '../../src/entities';
import { configureGatewayHttp } from '../../src/http';
import { migrations } from '../../src/migrations';
import { GATEWAY_OPENAPI } from '../../src/openapi';

/** The bootstrap admin of the gateways these specs start (synthetic). */
export const ADMIN_ID = 'test-admin';
export const ADMIN_SECRET = 'test-admin-secret-0123456789';
export const ADMIN_ORGANIZATION = '7d4f8a2c-3b1e-4f6a-9c8d-0e2b4a6c8d1f';
export const CLINIC = '2f0a3c54-8e0b-4b8e-9a57-2d6c1f3e4a10';

/**
 * The gateway in-process on a database of its own, with the test bootstrap admin; or on `database`
 * (another instance, or a restart), which its close then leaves in place.
 */
export function startGateway(
  env: Record<string, string> = {},
  database?: TestDatabase,
): Promise<TestService> {
  return startTestService({
    database,
    name: 'gateway',
    envClass: GatewayEnv,
    appModule: AppModule,
    entities,
    migrations,
    openApi: GATEWAY_OPENAPI,
    configureHttp: configureGatewayHttp,
    env: {
      BOOTSTRAP_ADMIN_CLIENT_ID: ADMIN_ID,
      BOOTSTRAP_ADMIN_CLIENT_SECRET: ADMIN_SECRET,
      BOOTSTRAP_ADMIN_ORGANIZATION_ID: ADMIN_ORGANIZATION,
      ...env,
    },
  });
}

/** Client credentials in a form body, as OAuth clients send them; fails the test unless 200. */
export async function clientToken(
  service: TestService,
  clientId: string,
  clientSecret: string,
): Promise<string> {
  const response = await fetch(`${service.url}/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}
