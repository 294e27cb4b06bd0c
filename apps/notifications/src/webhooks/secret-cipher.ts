import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretKey } from '@referral/platform-config';

/** The keyring format is shared (libs/platform/config): `WEBHOOK_SECRET_KEY` is one such keyring. */
export {
  DEVELOPMENT_KEY_PREFIX,
  isDevelopmentKey,
  parseSecretKeys,
  type SecretKey,
} from '@referral/platform-config';

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
