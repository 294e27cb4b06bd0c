import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface SecretKey {
  id: string;
  /** 32 bytes: AES-256. */
  key: Buffer;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** Development keys (docker-compose.yml, deploy/local/stack.sh) begin with these bytes; production refuses them. */
export const DEVELOPMENT_KEY_PREFIX = 'dev-only-';

/**
 * `WEBHOOK_SECRET_KEY`: `keyId:base64-of-32-bytes`, comma-separated, the current key first (new
 * secrets are encrypted under it; every listed key still decrypts what it encrypted). A bare base64
 * key gets its fingerprint as id. Null when malformed.
 */
export function parseSecretKeys(value: unknown): SecretKey[] | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  const keys: SecretKey[] = [];
  for (const entry of value.split(',')) {
    const separator = entry.indexOf(':');
    const encoded = entry.slice(separator + 1).trim();
    if (!BASE64.test(encoded) || encoded.length % 4 !== 0) return null;
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32) return null;
    const id =
      separator < 0
        ? `sha256-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`
        : entry.slice(0, separator).trim();
    if (!KEY_ID.test(id) || keys.some((k) => k.id === id)) return null;
    keys.push({ id, key });
  }
  return keys;
}

export const isDevelopmentKey = (key: Buffer) =>
  key.subarray(0, DEVELOPMENT_KEY_PREFIX.length).toString() === DEVELOPMENT_KEY_PREFIX;

/**
 * Endpoint signing secrets at rest: AES-256-GCM under the current key, bound to the endpoint's id
 * (additional data), stored as `keyId:base64(iv ‖ tag ‖ ciphertext)`. The service must read them to
 * sign, so they cannot be hashed; a stolen database without the key does not give them away.
 */
export class SecretCipher {
  constructor(private readonly keys: readonly SecretKey[]) {
    if (keys.length === 0) throw new Error('SecretCipher needs a key');
  }

  encrypt(secret: string, endpointId: string): string {
    const { id, key } = this.keys[0];
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(endpointId));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `${id}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`;
  }

  /** @throws when the key is unknown or the text was altered or belongs to another endpoint. */
  decrypt(stored: string, endpointId: string): string {
    const separator = stored.lastIndexOf(':');
    const key = this.keys.find((k) => k.id === stored.slice(0, separator));
    if (!key) throw new Error(`webhook secret encrypted under an unknown key ${stored.slice(0, separator)}`);
    const data = Buffer.from(stored.slice(separator + 1), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key.key, data.subarray(0, 12));
    decipher.setAAD(Buffer.from(endpointId));
    decipher.setAuthTag(data.subarray(12, 28));
    return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
  }
}
