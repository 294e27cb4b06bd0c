import { parseSmartScope } from '@referral/platform-auth';
import { OAuthError } from './oauth-error';

/** A client authenticated by its secret, in the body or with HTTP Basic. */
export interface SecretCredentials {
  clientId: string;
  clientSecret: string;
  /** Sent in the Authorization header (HTTP Basic), so a refusal challenges that scheme. */
  basic: boolean;
  assertion?: undefined;
  /** The SMART scopes asked for, once each; undefined when none were (not restricted by scope). */
  scopes?: string[];
}

/** A client authenticated by a signed JWT (RFC 7523 §2.2, SMART Backend Services). */
export interface AssertionCredentials {
  /** The optional `client_id` parameter; the assertion's `iss` and `sub` name the client. */
  clientId: string | undefined;
  assertion: string;
  clientSecret?: undefined;
  basic: false;
  scopes?: string[];
}

export type ClientCredentials = SecretCredentials | AssertionCredentials;

const GRANT_TYPE = 'client_credentials';
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Far above any real assertion (a header, a few claims, an RS384 signature: about 1 KiB). */
const MAX_ASSERTION_LENGTH = 8192;
const MAX_SCOPES = 50;

/** A parameter of the body; RFC 6749 §3.1: empty means absent, and none may be repeated. */
function parameter(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) throw new OAuthError('invalid_request', `${name} must not be repeated`);
  if (typeof value !== 'string') throw new OAuthError('invalid_request', `${name} must be a string`);
  return value;
}

/** RFC 6749 §2.3.1: `Basic base64(urlencode(client_id):urlencode(client_secret))`. */
function basicCredentials(authorization: string): { clientId: string; clientSecret: string } {
  const decoded = Buffer.from(authorization.slice('basic '.length).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const refused = new OAuthError('invalid_client', 'The Basic credentials are malformed.', 401, 'Basic');
  if (colon <= 0) throw refused;
  const unescape = (part: string) => {
    try {
      return decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      throw refused;
    }
  };
  return { clientId: unescape(decoded.slice(0, colon)), clientSecret: unescape(decoded.slice(colon + 1)) };
}

/**
 * The `scope` parameter (RFC 6749 §3.3: space-separated): SMART system scopes only (`parseSmartScope`),
 * anything else `invalid_scope`. Undefined when absent or blank.
 */
function parseScopes(scope: string | undefined): string[] | undefined {
  const scopes = [...new Set((scope ?? '').split(' ').filter(Boolean))];
  if (!scopes.length) return undefined;
  if (scopes.length > MAX_SCOPES) {
    throw new OAuthError('invalid_scope', `At most ${MAX_SCOPES} scopes may be asked for.`);
  }
  const unknown = scopes.find((entry) => !parseSmartScope(entry));
  if (unknown !== undefined) {
    const shown = unknown.length > 100 ? `${unknown.slice(0, 100)}…` : unknown;
    throw new OAuthError(
      'invalid_scope',
      `Unknown scope ${JSON.stringify(shown)}: system/<Resource>.<cruds> or system/<Resource>.read|write|* are granted.`,
    );
  }
  return scopes;
}

/** RFC 7523 §2.2: `client_assertion_type` jwt-bearer with `client_assertion`, never with a secret. */
function assertionCredentials(
  params: Record<string, unknown>,
  authorization: string | undefined,
  scopes: string[] | undefined,
): AssertionCredentials | undefined {
  const assertionType = parameter(params, 'client_assertion_type');
  const assertion = parameter(params, 'client_assertion');
  if (assertionType === undefined && assertion === undefined) return undefined;
  if (assertionType !== JWT_BEARER_ASSERTION) {
    throw new OAuthError('invalid_request', `client_assertion_type must be ${JWT_BEARER_ASSERTION}.`);
  }
  // Never the assertion itself in a description: it is a credential.
  if (!assertion) throw new OAuthError('invalid_request', 'client_assertion is required.');
  if (assertion.length > MAX_ASSERTION_LENGTH || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(assertion)) {
    throw new OAuthError('invalid_request', 'client_assertion must be a compact JWS.');
  }
  if (
    parameter(params, 'client_secret') !== undefined ||
    (authorization && /^basic\s/i.test(authorization))
  ) {
    throw new OAuthError(
      'invalid_request',
      'Authenticate the client one way: a client assertion or a client secret, not both.',
    );
  }
  return { clientId: parameter(params, 'client_id'), assertion, basic: false, scopes };
}

/**
 * The client credentials grant of a token request (form or JSON body, the client authenticated by
 * a secret in the body or with HTTP Basic, or by a signed assertion) with the scopes it asks for, or
 * the OAuth error that answers it.
 */
export function parseTokenRequest(body: unknown, authorization: string | undefined): ClientCredentials {
  if (
    body !== undefined &&
    body !== null &&
    body !== '' &&
    (typeof body !== 'object' || Array.isArray(body))
  ) {
    throw new OAuthError(
      'invalid_request',
      'The body must be a form (or a JSON object) of token parameters.',
    );
  }
  const params = (body ?? {}) as Record<string, unknown>;
  const grantType = parameter(params, 'grant_type');
  const bodyClientId = parameter(params, 'client_id');
  const bodySecret = parameter(params, 'client_secret');
  if (!grantType) throw new OAuthError('invalid_request', 'grant_type is required.');
  if (grantType !== GRANT_TYPE) {
    throw new OAuthError('unsupported_grant_type', `Only the ${GRANT_TYPE} grant is supported.`);
  }
  const scopes = parseScopes(parameter(params, 'scope'));
  const byAssertion = assertionCredentials(params, authorization, scopes);
  if (byAssertion) return byAssertion;

  if (authorization && /^basic\s/i.test(authorization)) {
    if (bodySecret) {
      throw new OAuthError(
        'invalid_request',
        'Authenticate the client one way: Basic or client_secret, not both.',
      );
    }
    const basic = basicCredentials(authorization);
    if (bodyClientId && bodyClientId !== basic.clientId) {
      throw new OAuthError('invalid_request', 'client_id differs from the client of the Basic credentials.');
    }
    return { ...basic, basic: true, scopes };
  }

  if (!bodyClientId) throw new OAuthError('invalid_request', 'client_id is required.');
  if (!bodySecret) throw new OAuthError('invalid_request', 'client_secret is required.');
  return { clientId: bodyClientId, clientSecret: bodySecret, basic: false, scopes };
}
