import { randomUUID } from 'node:crypto';
import type { TestIssuer } from '@referral/testing';

export const ALL_ROLES = ['admin', 'coordinator', 'clinician', 'specialist', 'partner'] as const;
export type MatrixRole = (typeof ALL_ROLES)[number];

export interface MatrixEndpoint {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** The path; may name an object created by `setup` for the owning organization. */
  path: (fixture: MatrixFixture) => string;
  body?: (fixture: MatrixFixture) => unknown;
  /** Roles that may call it; every other role gets 403 (except `hidden`). */
  allowed: MatrixRole[];
  /**
   * Roles that pass the role check but may not know the owning organization's object unless they
   * stand in some relation to it (e.g. a specialist who does not hold the referral): 404.
   */
  hidden?: MatrixRole[];
  /** When the endpoint is about one object: an allowed role of another organization gets 404. */
  object?: boolean;
  /** Allowed roles that reach objects of every organization (e.g. `admin` in the directory). */
  anyOrganization?: MatrixRole[];
}

export interface MatrixFixture {
  organizationId: string;
  /** Ids of objects `setup` created for the organization. */
  ids: Record<string, string>;
}

export interface MatrixTarget {
  url: () => string;
  issuer: () => TestIssuer;
  /** Creates the objects the endpoints refer to, owned by `organizationId`. */
  setup?: (organizationId: string, token: (roles: MatrixRole[]) => string) => Promise<Record<string, string>>;
}

/**
 * The authorization matrix: role × organization × endpoint, generated as one test each. Every new
 * endpoint is added to its service's matrix; removing a route's role check or object check fails it.
 * It asserts only the authorization outcome (401 / 403 / 404 versus anything else).
 */
export function describeAuthorizationMatrix(
  name: string,
  target: MatrixTarget,
  endpoints: MatrixEndpoint[],
): void {
  describe(`authorization matrix: ${name}`, () => {
    const owner = randomUUID();
    const fixture: MatrixFixture = { organizationId: owner, ids: {} };
    const token = (organizationId: string, roles: MatrixRole[]) =>
      target.issuer().token({ org: organizationId, practitioner: randomUUID(), roles });

    beforeAll(async () => {
      fixture.ids = (await target.setup?.(owner, (roles) => token(owner, roles))) ?? {};
    });

    const call = (endpoint: MatrixEndpoint, authorization?: string) =>
      fetch(`${target.url()}${endpoint.path(fixture)}`, {
        method: endpoint.method,
        headers: {
          ...(endpoint.body && { 'content-type': 'application/json' }),
          ...(authorization && { authorization }),
        },
        body: endpoint.body ? JSON.stringify(endpoint.body(fixture)) : undefined,
      });

    for (const endpoint of endpoints) {
      const label = `${endpoint.method} ${endpoint.path({ organizationId: ':org', ids: new Proxy({}, { get: (_, k) => `:${String(k)}` }) })}`;

      it(`${label}: no token → 401`, async () => {
        expect((await call(endpoint)).status).toBe(401);
      });

      for (const role of ALL_ROLES) {
        const allowed = endpoint.allowed.includes(role);
        const hidden = endpoint.hidden?.includes(role) ?? false;
        const expected = allowed ? 'allowed' : hidden ? '404' : '403';
        it(`${label}: ${role} of the owning organization → ${expected}`, async () => {
          const status = (await call(endpoint, `Bearer ${token(owner, [role])}`)).status;
          if (allowed) expect([401, 403, 404]).not.toContain(status);
          else expect(status).toBe(hidden ? 404 : 403);
        });
      }

      if (endpoint.object) {
        for (const role of endpoint.allowed) {
          const everywhere = endpoint.anyOrganization?.includes(role) ?? false;
          it(`${label}: ${role} of another organization → ${everywhere ? 'allowed' : '404'}`, async () => {
            const status = (await call(endpoint, `Bearer ${token(randomUUID(), [role])}`)).status;
            if (everywhere) expect([401, 403, 404]).not.toContain(status);
            else expect(status).toBe(404);
          });
        }
      }
    }
  });
}
