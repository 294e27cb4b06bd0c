import { randomUUID } from 'node:crypto';

export const BOOTSTRAP_ADMIN = { clientId: 'dev-admin', clientSecret: 'dev-admin-secret-change-me' };

export interface IssuedClient {
  id: string;
  clientId: string;
  clientSecret: string;
  token: string;
  organizationId: string;
  practitionerId: string | null;
}

/** OAuth 2.0 client credentials at the gateway, as a clinic's system does it. */
export async function obtainToken(gateway: string, clientId: string, clientSecret: string): Promise<string> {
  const response = await fetch(`${gateway}/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    }),
  });
  if (response.status !== 200) throw new Error(`token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A new API client registered by the bootstrap admin, with a token of its own. */
export async function registerClient(
  gateway: string,
  roles: string[],
  organizationId: string = randomUUID(),
  practitionerId: string | null = randomUUID(),
): Promise<IssuedClient> {
  const admin = await obtainToken(gateway, BOOTSTRAP_ADMIN.clientId, BOOTSTRAP_ADMIN.clientSecret);
  const response = await fetch(`${gateway}/v1/api-clients`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({
      name: `e2e ${roles.join('+')}`,
      organizationId,
      ...(practitionerId && { practitionerId }),
      roles,
    }),
  });
  if (response.status !== 201) throw new Error(`api-clients: ${response.status} ${await response.text()}`);
  const created = (await response.json()) as { id: string; clientId: string; clientSecret: string };
  return {
    ...created,
    token: await obtainToken(gateway, created.clientId, created.clientSecret),
    organizationId,
    practitionerId,
  };
}
