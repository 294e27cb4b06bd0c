import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { registerDecorator, type ValidationArguments } from 'class-validator';
import type { ServiceEnv } from './env';

/** One AES-256 key of a keyring, with the id stored next to what it encrypted. */
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
 * A keyring variable: `keyId:base64-of-32-bytes`, comma-separated, the current key first (new data
 * is encrypted under it; every listed key still decrypts what it encrypted). A bare base64 key gets
 * its fingerprint as id. Null when malformed.
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
 * Validates a keyring variable: it parses, and in production holds no development key. The message
 * names the variable, never its value (a key).
 */
export function IsKeyring() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isKeyring',
      target: target.constructor,
      propertyName,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const keys = parseSecretKeys(value);
          if (!keys) return false;
          return (
            (args.object as ServiceEnv).NODE_ENV !== 'production' ||
            !keys.some((k) => isDevelopmentKey(k.key))
          );
        },
        defaultMessage: () =>
          `${propertyName} must be base64 of 32 bytes, or a comma-separated list of keyId:base64 of 32 bytes (the current key first, key ids unique); in production not a development key (the default is one)`,
      },
    });
}

/** Sealed data: the id of the key and `iv (12) ‖ tag (16) ‖ ciphertext`. */
export interface Sealed {
  keyId: string;
  data: Buffer;
}

/**
 * AES-256-GCM under a keyring: seals under the current (first) key, opens under any listed key by
 * its id. `context` is bound as additional data (e.g. the row's identity), so sealed data moved to
 * another row does not open.
 */
export class Keyring {
  private readonly keys: readonly SecretKey[];

  constructor(keys: readonly SecretKey[] | string) {
    const parsed = typeof keys === 'string' ? parseSecretKeys(keys) : keys;
    if (!parsed || parsed.length === 0) throw new Error('a keyring needs at least one well-formed key');
    this.keys = parsed;
  }

  get currentKeyId(): string {
    return this.keys[0].id;
  }

  seal(plaintext: Buffer | string, context: string): Sealed {
    const { id, key } = this.keys[0];
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context));
    const ciphertext = Buffer.concat([
      cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext),
      cipher.final(),
    ]);
    return { keyId: id, data: Buffer.concat([iv, cipher.getAuthTag(), ciphertext]) };
  }

  /** @throws when the key id is not in the ring, or the data was altered or belongs to another context. */
  open(sealed: Sealed, context: string): Buffer {
    const key = this.keys.find((k) => k.id === sealed.keyId);
    if (!key) throw new Error(`data encrypted under an unknown key ${sealed.keyId}`);
    // The whole 16-byte tag, always: GCM would otherwise accept a tag cut down to 4 bytes.
    if (sealed.data.length < 28) throw new Error('sealed data shorter than its IV and tag');
    const decipher = createDecipheriv('aes-256-gcm', key.key, sealed.data.subarray(0, 12), {
      authTagLength: 16,
    });
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(sealed.data.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.data.subarray(28)), decipher.final()]);
  }
}
