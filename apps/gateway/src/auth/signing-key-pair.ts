import { createHash, createPrivateKey, createPublicKey, generateKeyPair } from 'node:crypto';

export interface SigningKeyPair {
  kid: string;
  privateKeyPem: string;
  publicKeyPem: string;
}

/** A public key as published in the JWKS (RFC 7517, RFC 7518 §6.3). A type, so it is a `JsonWebKey`. */
export type PublicJwk = {
  kty: 'RSA';
  n: string;
  e: string;
  kid: string;
  alg: 'RS256';
  use: 'sig';
};

const RSA_BITS = 2048;

/** RFC 7638 JWK thumbprint (SHA-256, base64url): a key id derived from the public key itself. */
export function jwkThumbprint(publicKeyPem: string): string {
  const { e, n } = createPublicKey(publicKeyPem).export({ format: 'jwk' });
  // Members in lexicographic order, no whitespace, as the RFC prescribes.
  return createHash('sha256')
    .update(JSON.stringify({ e, kty: 'RSA', n }))
    .digest('base64url');
}

/** A fresh RSA key pair; its kid is its thumbprint. */
export async function generateSigningKeyPair(): Promise<SigningKeyPair> {
  const { privateKey, publicKey } = await new Promise<{ privateKey: string; publicKey: string }>(
    (resolve, reject) =>
      generateKeyPair(
        'rsa',
        {
          modulusLength: RSA_BITS,
          publicKeyEncoding: { type: 'spki', format: 'pem' },
          privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        },
        (error, publicKeyPem, privateKeyPem) =>
          error ? reject(error) : resolve({ privateKey: privateKeyPem, publicKey: publicKeyPem }),
      ),
  );
  return { kid: jwkThumbprint(publicKey), privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** The key pair of an operator-provided private key (PKCS#1 or PKCS#8 PEM), stored as PKCS#8. */
export function signingKeyPairFromPrivateKey(kid: string, privateKeyPem: string): SigningKeyPair {
  const privateKey = createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('the signing key must be an RSA key');
  return {
    kid,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Whether two PEM public keys are the same key, whatever their encoding. */
export function samePublicKey(a: string, b: string): boolean {
  return createPublicKey(a).equals(createPublicKey(b));
}

export function publicJwk(kid: string, publicKeyPem: string): PublicJwk {
  const { n, e } = createPublicKey(publicKeyPem).export({ format: 'jwk' });
  return { kty: 'RSA', n: n!, e: e!, kid, alg: 'RS256', use: 'sig' };
}
