import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParameters {
  N: number;
  r: number;
  p: number;
}

/** About 50 ms and 16 MiB per hash: slow for a guesser, cheap for one token request. */
export const CLIENT_SECRET_SCRYPT: ScryptParameters = { N: 16_384, r: 8, p: 1 };
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** Bounds for parameters read back from the database, so a damaged row cannot exhaust memory. */
const MAX_N = 1 << 20;
const MAX_R = 32;
const MAX_P = 16;

function derive(
  secret: string,
  salt: Buffer,
  length: number,
  { N, r, p }: ScryptParameters,
): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r * p };
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** A new client secret: 32 random bytes, base64url; shown to the admin once, never stored. */
export function generateClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A new client id: `cl_` and 24 random url-safe characters. */
export function generateClientId(): string {
  return `cl_${randomBytes(18).toString('base64url')}`;
}

/** `scrypt$N$r$p$salt$hash`, salt and hash base64. */
export async function hashClientSecret(
  secret: string,
  parameters: ScryptParameters = CLIENT_SECRET_SCRYPT,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(secret, salt, HASH_BYTES, parameters);
  const { N, r, p } = parameters;
  return ['scrypt', N, r, p, salt.toString('base64'), hash.toString('base64')].join('$');
}

function parse(stored: string): { parameters: ScryptParameters; salt: Buffer; hash: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((part) => (/^\d{1,8}$/.test(part) ? Number(part) : NaN));
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > MAX_N || !(r >= 1 && r <= MAX_R) || !(p >= 1 && p <= MAX_P)) return null;
  const salt = Buffer.from(parts[4], 'base64');
  const hash = Buffer.from(parts[5], 'base64');
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) return null;
  return { parameters: { N, r, p }, salt, hash };
}

/**
 * Whether the secret matches the stored hash, compared in constant time. A malformed hash never
 * matches (and is still worked through, so it takes as long as a real comparison).
 */
export async function verifyClientSecret(secret: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) {
    await derive(secret, randomBytes(SALT_BYTES), HASH_BYTES, CLIENT_SECRET_SCRYPT);
    return false;
  }
  const candidate = await derive(secret, parsed.salt, parsed.hash.length, parsed.parameters);
  return timingSafeEqual(candidate, parsed.hash);
}
