import { generateKeyPairSync } from 'node:crypto';
import { jwksProblems, storedJwks, type ClientJwks } from './client-jwks';

const publicJwk = (type: 'ec' | 'rsa', options: object) =>
  generateKeyPairSync(type as 'ec', options as { namedCurve: string }).publicKey.export({ format: 'jwk' });
const privateJwk = () =>
  generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'jwk' });

const es384 = { ...publicJwk('ec', { namedCurve: 'P-384' }), kid: 'es-1', alg: 'ES384', use: 'sig' };
const rs384 = { ...publicJwk('rsa', { modulusLength: 2048 }), kid: 'rs-1', alg: 'RS384' };

describe('jwksProblems', () => {
  it('accepts public RSA and EC signing keys, each with its kid', () => {
    expect(jwksProblems({ keys: [es384, rs384] })).toEqual([]);
    const es256 = { ...publicJwk('ec', { namedCurve: 'P-256' }), kid: 'es-2' }; // no alg: any that fits
    expect(jwksProblems({ keys: [es256] })).toEqual([]);
  });

  it('refuses a private key, naming the private members but never their values', () => {
    const leaked = { ...privateJwk(), kid: 'es-1', alg: 'ES384' };
    const problems = jwksProblems({ keys: [rs384, leaked] });
    expect(problems).toEqual(['jwks.keys[1] has private key members (d): register the public key only']);
    expect(problems.join()).not.toContain(leaked.d);
    expect(jwksProblems({ keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'h' }] })[0]).toMatch(
      /private key members \(k\)/,
    );
  });

  it('wants a usable kid on every key, once', () => {
    const { kid: _kid, ...withoutKid } = es384;
    expect(jwksProblems({ keys: [withoutKid] })).toEqual([
      'jwks.keys[0].kid must be 1 to 200 printable characters without spaces',
    ]);
    expect(jwksProblems({ keys: [{ ...es384, kid: 'two words' }] })[0]).toMatch(/kid/);
    expect(jwksProblems({ keys: [es384, { ...rs384, kid: 'es-1' }] })).toEqual([
      'jwks.keys repeat the kid "es-1"',
    ]);
  });

  it('wants 1 to 10 keys in a JWK Set', () => {
    expect(jwksProblems({ keys: [] })).toEqual(['jwks.keys must hold 1 to 10 keys']);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ ...es384, kid: `es-${i}` }));
    expect(jwksProblems({ keys: eleven })).toEqual(['jwks.keys must hold 1 to 10 keys']);
    expect(jwksProblems([es384])).toEqual(['jwks must be a JWK Set: { "keys": [ … ] }']);
    expect(jwksProblems(null)).toHaveLength(1);
  });

  it('refuses algorithms other than RS256/384 and ES256/384, or one that does not fit the key', () => {
    expect(jwksProblems({ keys: [{ ...rs384, alg: 'HS256' }] })[0]).toMatch(
      /alg must be one of RS384, ES384, RS256, ES256/,
    );
    expect(jwksProblems({ keys: [{ ...rs384, alg: 'none' }] })[0]).toMatch(/alg must be one of/);
    expect(jwksProblems({ keys: [{ ...rs384, alg: 'ES384' }] })[0]).toMatch(/does not fit a RSA key/);
    expect(jwksProblems({ keys: [{ ...es384, alg: 'ES256' }] })[0]).toMatch(/does not fit a EC key on P-384/);
  });

  it('refuses keys not for signing, small RSA keys, other curves and broken keys', () => {
    expect(jwksProblems({ keys: [{ ...es384, use: 'enc' }] })[0]).toMatch(/use must be sig/);
    expect(jwksProblems({ keys: [{ ...es384, key_ops: ['encrypt'] }] })[0]).toMatch(/key_ops/);
    const small = { ...publicJwk('rsa', { modulusLength: 1024 }), kid: 'small' };
    expect(jwksProblems({ keys: [small] })).toEqual([
      'jwks.keys[0] is an RSA key of 1024 bits; at least 2048 are needed',
    ]);
    const p521 = { ...publicJwk('ec', { namedCurve: 'P-521' }), kid: 'p521' };
    expect(jwksProblems({ keys: [p521] })[0]).toMatch(/crv must be P-256 or P-384/);
    expect(jwksProblems({ keys: [{ ...es384, x: 'AAAA' }] })[0]).toMatch(/not a valid EC public key/);
    expect(jwksProblems({ keys: [{ kty: 'RSA', kid: 'k' }] })[0]).toMatch(/needs n and e/);
  });
});

describe('storedJwks', () => {
  it('keeps the public members of each key only', () => {
    const sent = {
      keys: [{ ...es384, x5u: 'https://example.org/cert', ext: true }],
    } as unknown as ClientJwks;
    expect(storedJwks(sent)).toEqual({
      keys: [{ kty: 'EC', kid: 'es-1', alg: 'ES384', use: 'sig', crv: 'P-384', x: es384.x, y: es384.y }],
    });
  });
});
