import { OAuthError } from './oauth-error';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  /** Sent in the Authorization header (HTTP Basic), so a refusal challenges that scheme. */
  basic: boolean;
}

const GRANT_TYPE = 'client_credentials';

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
 * The client credentials grant of a token request (form or JSON body, the client authenticated in
 * the body or with HTTP Basic), or the OAuth error that answers it.
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
    return { ...basic, basic: true };
  }

  if (!bodyClientId) throw new OAuthError('invalid_request', 'client_id is required.');
  if (!bodySecret) throw new OAuthError('invalid_request', 'client_secret is required.');
  return { clientId: bodyClientId, clientSecret: bodySecret, basic: false };
}
