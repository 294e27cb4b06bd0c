import { SMART_RESOURCES } from '@referral/platform-auth';
import { OAuthError } from './oauth-error';
import { JWT_BEARER_ASSERTION, parseTokenRequest } from './token-request';

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

function refusal(body: unknown, authorization?: string): Pick<OAuthError, 'code' | 'status' | 'challenge'> {
  try {
    parseTokenRequest(body, authorization);
  } catch (error) {
    const { code, status, challenge } = error as OAuthError;
    return { code, status, challenge };
  }
  throw new Error('expected a refusal');
}

describe('parseTokenRequest', () => {
  const grant = { grant_type: 'client_credentials' };

  it('takes the client from the body', () => {
    expect(parseTokenRequest({ ...grant, client_id: 'cl_a', client_secret: 's' }, undefined)).toEqual({
      clientId: 'cl_a',
      clientSecret: 's',
      basic: false,
    });
  });

  it('takes the client from HTTP Basic, url-decoding both parts', () => {
    expect(parseTokenRequest(grant, basic('cl_a', 'p@ss:w%rd +'))).toEqual({
      clientId: 'cl_a',
      clientSecret: 'p@ss:w%rd +',
      basic: true,
    });
  });

  it('accepts a client_id in the body that agrees with Basic', () => {
    expect(parseTokenRequest({ ...grant, client_id: 'cl_a' }, basic('cl_a', 's')).clientId).toBe('cl_a');
  });

  it('ignores a bearer Authorization header', () => {
    expect(parseTokenRequest({ ...grant, client_id: 'cl_a', client_secret: 's' }, 'Bearer abc').basic).toBe(
      false,
    );
  });

  it.each([
    ['no grant_type', { client_id: 'a', client_secret: 's' }],
    ['an empty grant_type', { grant_type: '', client_id: 'a', client_secret: 's' }],
    ['no client_id', { ...grant, client_secret: 's' }],
    ['no client_secret', { ...grant, client_id: 'a' }],
    ['an empty client_secret', { ...grant, client_id: 'a', client_secret: '' }],
    ['a repeated parameter', { ...grant, client_id: ['a', 'b'], client_secret: 's' }],
    ['a parameter that is not a string', { ...grant, client_id: 42, client_secret: 's' }],
    ['a body that is not an object', 'grant_type=client_credentials'],
    ['no body at all', undefined],
  ])('answers invalid_request (400) to %s', (_, body) => {
    expect(refusal(body)).toEqual({ code: 'invalid_request', status: 400, challenge: undefined });
  });

  it('answers unsupported_grant_type (400) to any other grant', () => {
    expect(refusal({ grant_type: 'password', client_id: 'a', client_secret: 's' })).toMatchObject({
      code: 'unsupported_grant_type',
      status: 400,
    });
  });

  it('refuses two ways of authenticating, and a body client_id that contradicts Basic', () => {
    expect(refusal({ ...grant, client_secret: 's' }, basic('a', 's'))).toMatchObject({
      code: 'invalid_request',
    });
    expect(refusal({ ...grant, client_id: 'b' }, basic('a', 's'))).toMatchObject({ code: 'invalid_request' });
  });

  it('answers malformed Basic credentials with invalid_client and a Basic challenge', () => {
    const noColon = `Basic ${Buffer.from('just-an-id').toString('base64')}`;
    expect(refusal(grant, noColon)).toEqual({ code: 'invalid_client', status: 401, challenge: 'Basic' });
    const badEscape = `Basic ${Buffer.from('a:%E0%A4%A').toString('base64')}`;
    expect(refusal(grant, badEscape)).toEqual({ code: 'invalid_client', status: 401, challenge: 'Basic' });
  });

  describe('a client assertion (RFC 7523, SMART Backend Services)', () => {
    const assertion = 'eyJhbGciOiJFUzM4NCJ9.eyJpc3MiOiJjbF9hIn0.c2lnbmF0dXJl';
    const byAssertion = {
      ...grant,
      client_assertion_type: JWT_BEARER_ASSERTION,
      client_assertion: assertion,
    };

    it('takes the assertion, with or without a client_id', () => {
      expect(parseTokenRequest(byAssertion, undefined)).toEqual({
        clientId: undefined,
        assertion,
        basic: false,
        scopes: undefined,
      });
      expect(parseTokenRequest({ ...byAssertion, client_id: 'cl_a' }, undefined).clientId).toBe('cl_a');
    });

    it.each([
      ['an assertion without its type', { ...grant, client_assertion: assertion }],
      [
        'another assertion type',
        { ...byAssertion, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer' },
      ],
      ['the type without an assertion', { ...grant, client_assertion_type: JWT_BEARER_ASSERTION }],
      ['an assertion that is not a compact JWS', { ...byAssertion, client_assertion: 'a.b' }],
      ['an assertion over 8 KiB', { ...byAssertion, client_assertion: `a.${'b'.repeat(8200)}.c` }],
      ['an assertion and a client_secret', { ...byAssertion, client_id: 'cl_a', client_secret: 's' }],
    ])('answers invalid_request (400) to %s, never echoing the assertion', (_, body) => {
      let error: OAuthError | undefined;
      try {
        parseTokenRequest(body, undefined);
      } catch (e) {
        error = e as OAuthError;
      }
      expect(error).toMatchObject({ code: 'invalid_request', status: 400 });
      expect(error?.description).not.toContain('c2lnbmF0dXJl');
    });

    it('refuses an assertion with HTTP Basic too', () => {
      expect(refusal(byAssertion, basic('cl_a', 's'))).toMatchObject({
        code: 'invalid_request',
        status: 400,
      });
    });
  });

  describe('scope', () => {
    const secret = { ...grant, client_id: 'cl_a', client_secret: 's' };

    it('reads SMART system scopes, space-separated, once each', () => {
      expect(
        parseTokenRequest(
          {
            ...secret,
            scope: 'system/ServiceRequest.cruds  system/Task.cruds system/Task.cruds system/*.read',
          },
          undefined,
        ).scopes,
      ).toEqual(['system/ServiceRequest.cruds', 'system/Task.cruds', 'system/*.read']);
      expect(parseTokenRequest(grant, basic('cl_a', 's')).scopes).toBeUndefined();
      expect(parseTokenRequest({ ...grant, scope: 'system/Task.rs' }, basic('cl_a', 's')).scopes).toEqual([
        'system/Task.rs',
      ]);
    });

    it('has no scopes when none are asked for', () => {
      expect(parseTokenRequest(secret, undefined).scopes).toBeUndefined();
      expect(parseTokenRequest({ ...secret, scope: '   ' }, undefined).scopes).toBeUndefined();
    });

    it.each([
      'system/Observation.rs',
      'patient/Task.rs',
      'openid',
      'system/Task.rs system/Task.sr',
      'system/Task.rs?status=requested',
    ])('answers invalid_scope (400) to %j', (scope) => {
      expect(refusal({ ...secret, scope })).toEqual({
        code: 'invalid_scope',
        status: 400,
        challenge: undefined,
      });
    });

    it('takes 50 scopes, and answers invalid_scope to more', () => {
      const scopes = ['*', ...SMART_RESOURCES].flatMap((resource) =>
        ['r', 's', 'rs', 'cruds', 'read'].map((permission) => `system/${resource}.${permission}`),
      );
      expect(
        parseTokenRequest({ ...secret, scope: scopes.slice(0, 50).join(' ') }, undefined).scopes,
      ).toHaveLength(50);
      expect(refusal({ ...secret, scope: scopes.slice(0, 51).join(' ') })).toMatchObject({
        code: 'invalid_scope',
      });
    });
  });
});
