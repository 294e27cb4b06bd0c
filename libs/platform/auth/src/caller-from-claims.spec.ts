import { callerFromClaims } from './caller-from-claims';
import { InvalidTokenError } from './invalid-token.error';

describe('callerFromClaims: scopes', () => {
  const claims = {
    iss: 'urn:specialist-referral:gateway',
    sub: 'cl_hospital',
    org: '2F0A3C54-8E0B-4B8E-9A57-2D6C1F3E4A10',
    roles: ['clinician'],
  };
  const read = (scope: unknown) => callerFromClaims({ ...claims, scope }, { external: false });

  it('has no scopes when the token has no scope claim', () => {
    const caller = callerFromClaims(claims, { external: false });
    expect(caller).toEqual({
      clientId: 'cl_hospital',
      organizationId: '2f0a3c54-8e0b-4b8e-9a57-2d6c1f3e4a10',
      practitionerId: null,
      roles: ['clinician'],
      issuer: claims.iss,
    });
    expect(caller).not.toHaveProperty('scopes');
  });

  it('reads a space-separated claim, or an array of strings, once each', () => {
    expect(read('system/ServiceRequest.cruds system/Task.cruds system/Task.cruds').scopes).toEqual([
      'system/ServiceRequest.cruds',
      'system/Task.cruds',
    ]);
    expect(read(['system/Task.rs']).scopes).toEqual(['system/Task.rs']);
  });

  it('keeps only scopes in a SMART context; none of them means not restricted by scope', () => {
    expect(read('openid profile system/Task.rs patient/Task.r').scopes).toEqual([
      'system/Task.rs',
      'patient/Task.r',
    ]);
    expect(read('openid profile email').scopes).toBeUndefined();
    expect(read('').scopes).toBeUndefined();
  });

  it('refuses a scope claim of another shape', () => {
    expect(() => read(42)).toThrow(InvalidTokenError);
    expect(() => read(['system/Task.rs', 7])).toThrow(InvalidTokenError);
  });
});
