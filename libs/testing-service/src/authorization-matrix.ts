import { randomUUID } from 'node:crypto';
import { ROLES, type Role } from '@referral/platform-auth';
import type { TestIssuer } from '@referral/testing';

/** Every role a token can carry (platform-auth's list): a new role is in every matrix at once. */
export const ALL_ROLES = ROLES;
export type MatrixRole = Role;

export interface MatrixEndpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The body's media type, when not JSON (e.g. FHIR's JSON Patch). */
  contentType?: string;
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
  /**
   * Roles of the owning organization refused here (403) that may nevertheless know the object exists
   * (they may read it): they alone may get 404 instead of 403 for an id that names nothing. Every
   * other refusal must be the same for a random id as for the real object, or it tells the caller
   * whether the object exists (API.md, Authorization).
   */
  knows?: MatrixRole[];
  /**
   * Of `knows`, the roles that may read the object in every organization (an admin): called from
   * another organization they too may get 403 for the real object where a random id gives 404.
   */
  knowsEverywhere?: MatrixRole[];
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

/** Whether the endpoint names an object: its path or body reads an id, or its path the organization id. */
function namesObject(endpoint: MatrixEndpoint): boolean {
  let named = false;
  const ids = new Proxy({}, { get: (_, key) => ((named = true), `:${String(key)}`) });
  endpoint.path({
    get organizationId() {
      named = true;
      return ':org';
    },
    ids,
  });
  try {
    endpoint.body?.({ organizationId: ':org', ids }); // the organization a new object is for names none
  } catch {
    // a body that needs the real fixture: the path decides
  }
  return named || (endpoint.object ?? false);
}

/** The fixture with every id, and the organization id, replaced by fresh random ones (nothing is there). */
function randomFixture(): MatrixFixture {
  const ids: Record<string, string> = {};
  return {
    organizationId: randomUUID(),
    ids: new Proxy(ids, { get: (target, key: string) => (target[key] ??= randomUUID()) }),
  };
}

/**
 * The authorization matrix: role × organization × endpoint, generated as one test each. Every new
 * endpoint is added to its service's matrix; removing a route's role check or object check fails it.
 * It asserts only the authorization outcome (401 / 403 / 404 versus anything else).
 *
 * For an endpoint about an object, every refusal is also asked for with random ids in place of the
 * fixture's: a caller who may not know the object exists must get the same answer as for the real
 * one (404 for strangers; a 403 that the role check gives whatever the id), and only the roles in
 * `knows` may see 403 turn into 404. Callers of another organization in the roles the endpoint does
 * not allow get the same answer for both.
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

    const call = (endpoint: MatrixEndpoint, authorization?: string, on: MatrixFixture = fixture) =>
      fetch(`${target.url()}${endpoint.path(on)}`, {
        method: endpoint.method,
        headers: {
          ...(endpoint.body && { 'content-type': endpoint.contentType ?? 'application/json' }),
          ...(authorization && { authorization }),
        },
        body: endpoint.body ? JSON.stringify(endpoint.body(on)) : undefined,
      });
    /** The answers for the real object and for random ids, to the same caller. */
    const realAndRandom = async (endpoint: MatrixEndpoint, authorization: string) => ({
      real: (await call(endpoint, authorization)).status,
      random: (await call(endpoint, authorization, randomFixture())).status,
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

      if (namesObject(endpoint)) {
        for (const role of ALL_ROLES.filter((r) => !endpoint.allowed.includes(r))) {
          const hidden = endpoint.hidden?.includes(role) ?? false;
          const knows = !hidden && (endpoint.knows?.includes(role) ?? false);
          const expected = hidden ? '404 for both' : knows ? '403, 403 or 404' : '403 for both';
          it(`${label}: ${role} of the owning organization, the real object and random ids → ${expected}`, async () => {
            const { real, random } = await realAndRandom(endpoint, `Bearer ${token(owner, [role])}`);
            const refusal = hidden ? 404 : 403;
            expect(real).toBe(refusal);
            if (knows) expect([403, 404]).toContain(random);
            else expect(random).toBe(refusal);
          });
          const everywhere = endpoint.knowsEverywhere?.includes(role) ?? false;
          it(`${label}: ${role} of another organization, the real object and random ids → ${everywhere ? '403, 403 or 404' : 'the same refusal'}`, async () => {
            const { real, random } = await realAndRandom(endpoint, `Bearer ${token(randomUUID(), [role])}`);
            expect([403, 404]).toContain(real);
            if (everywhere) expect([403, 404]).toContain(random);
            else expect(random).toBe(real);
          });
        }
        for (const role of endpoint.allowed.filter((r) => !endpoint.anyOrganization?.includes(r))) {
          if (!endpoint.object) continue;
          it(`${label}: ${role} of another organization, the real object and random ids → 404 for both`, async () => {
            const { real, random } = await realAndRandom(endpoint, `Bearer ${token(randomUUID(), [role])}`);
            expect({ real, random }).toEqual({ real: 404, random: 404 });
          });
        }
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
