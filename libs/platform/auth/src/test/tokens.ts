import { createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { sign, type SignOptions } from 'jsonwebtoken';
import type { SigningKeyResolver } from '../signing-key-resolver';

export const GATEWAY = 'urn:specialist-referral:gateway';
export const AUDIENCE = 'specialist-referral-api';
export const EXTERNAL = 'https://idp.example.pk/realms/partners';
export const EXTERNAL_AUDIENCE = 'referral-partners';
export const ORG = '3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60';
export const PRACTITIONER = '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d';

export interface TestKey {
  kid: string;
  privateKey: KeyObject;
  publicPem: string;
}

export function rsaKey(kid: string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

export function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = nowSeconds();
  return {
    iss: GATEWAY,
    aud: AUDIENCE,
    sub: 'cl_clinic_integration',
    org: ORG,
    practitioner: PRACTITIONER,
    roles: ['clinician'],
    iat: now,
    exp: now + 300,
    ...overrides,
  };
}

const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** RS256 with `key` under its kid; `undefined` values (in `payload` or `options`) are left out. */
export function signed(key: TestKey, payload: Record<string, unknown>, options: SignOptions = {}): string {
  return sign(
    defined(payload),
    key.privateKey,
    defined<SignOptions>({ algorithm: 'RS256', keyid: key.kid, ...options }),
  );
}

const b64 = (part: unknown) => Buffer.from(JSON.stringify(part)).toString('base64url');

/** A token built by hand, signature and all, for what no well-behaved library would produce. */
export function handmade(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  signature = '',
): string {
  return `${b64(header)}.${b64(payload)}.${signature}`;
}

/** The classic confusion attack: HS256 with the issuer's public key (which anyone has) as secret. */
export function hmacWithPublicKey(key: TestKey, payload: Record<string, unknown>): string {
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT', kid: key.kid })}.${b64(payload)}`;
  const signature = createHmac('sha256', key.publicPem).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

/** Knows the keys it is given and remembers every lookup. */
export class FakeResolver implements SigningKeyResolver {
  readonly calls: [string, string | undefined][] = [];
  private readonly keys = new Map<string, string>();
  failWith?: Error;

  add(issuer: string, key: TestKey): this {
    this.keys.set(`${issuer} ${key.kid}`, key.publicPem);
    return this;
  }

  async resolve(issuer: string, kid: string | undefined): Promise<string> {
    this.calls.push([issuer, kid]);
    if (this.failWith) throw this.failWith;
    const pem = this.keys.get(`${issuer} ${kid}`);
    if (!pem) throw new Error(`no key ${kid} for ${issuer}`);
    return pem;
  }
}
