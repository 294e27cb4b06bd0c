import { OAuthError } from './oauth-error';
import { parseTokenRequest } from './token-request';

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
});
