import { randomUUID } from 'node:crypto';
import { createApiClient, type ApiClient, type ApiSchemas } from '@referral/api-client';

export type Role = ApiSchemas['CreateApiClientRequest']['roles'][number];

export const BOOTSTRAP_ADMIN = { clientId: 'dev-admin', clientSecret: 'dev-admin-secret-change-me' };
/** The notifications service's client (role contact-reader) that the local stack has the gateway create. */
export const BOOTSTRAP_CONTACTS = {
  clientId: 'dev-notifications-contacts',
  clientSecret: 'dev-contacts-secret-change-me',
};

export interface IssuedClient {
  id: string;
  clientId: string;
  clientSecret: string;
  token: string;
  organizationId: string;
  practitionerId: string | null;
  /** The typed API client, sending this client's token. */
  api: ApiClient;
}

/** OAuth 2.0 client credentials at the gateway, as a clinic's system does it. */
export async function obtainToken(gateway: string, clientId: string, clientSecret: string): Promise<string> {
  const { data, error, response } = await createApiClient(gateway).POST('/v1/auth/token', {
    body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
  });
  if (!data) throw new Error(`token: ${response.status} ${JSON.stringify(error)}`);
  return data.access_token;
}

/** A new API client registered by the bootstrap admin, with a token of its own. */
export async function registerClient(
  gateway: string,
  roles: Role[],
  organizationId: string = randomUUID(),
  practitionerId: string | null = randomUUID(),
): Promise<IssuedClient> {
  const admin = createApiClient(gateway, {
    token: await obtainToken(gateway, BOOTSTRAP_ADMIN.clientId, BOOTSTRAP_ADMIN.clientSecret),
  });
  const { data, error, response } = await admin.POST('/v1/api-clients', {
    body: {
      name: `e2e ${roles.join('+')}`,
      organizationId,
      ...(practitionerId && { practitionerId }),
      roles,
    },
  });
  if (!data) throw new Error(`api-clients: ${response.status} ${JSON.stringify(error)}`);
  const token = await obtainToken(gateway, data.clientId, data.clientSecret);
  return {
    id: data.id,
    clientId: data.clientId,
    clientSecret: data.clientSecret,
    token,
    organizationId,
    practitionerId,
    api: createApiClient(gateway, { token }),
  };
}
