import { createHash } from 'node:crypto';
import { registerDecorator, type ValidationArguments } from 'class-validator';
import { ServiceEnv } from '@referral/platform-config';

export interface CnicEncryptionKey {
  id: string;
  /** 32 bytes: AES-256. */
  key: Buffer;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const MIN_BLIND_INDEX_KEY_BYTES = 32;
/** Development keys (docker-compose.yml, deploy/local/stack.sh) begin with these bytes; production refuses them. */
export const DEVELOPMENT_KEY_PREFIX = 'dev-only-';

function decodeBase64(text: string): Buffer | null {
  const trimmed = text.trim();
  return BASE64.test(trimmed) && trimmed.length % 4 === 0 ? Buffer.from(trimmed, 'base64') : null;
}

/** The id of a key given without one: its fingerprint, so that the same key always has the same id. */
export const fingerprintKeyId = (key: Buffer) =>
  `sha256-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;

/**
 * `keyId:base64-of-32-bytes`, comma-separated, the current key first: new CNICs are encrypted under
 * it, and every listed key still decrypts what it encrypted (rotation). A key given bare (base64
 * only) gets its fingerprint as id. Null when malformed.
 */
export function parseCnicEncryptionKeys(value: unknown): CnicEncryptionKey[] | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  const keys: CnicEncryptionKey[] = [];
  for (const entry of value.split(',')) {
    const separator = entry.indexOf(':');
    const key = decodeBase64(entry.slice(separator + 1));
    if (key?.length !== 32) return null;
    const id = separator < 0 ? fingerprintKeyId(key) : entry.slice(0, separator).trim();
    if (!KEY_ID.test(id) || keys.some((k) => k.id === id)) return null;
    keys.push({ id, key });
  }
  return keys;
}

/** Base64 of at least 32 bytes; null when malformed. */
export function parseBlindIndexKey(value: unknown): Buffer | null {
  if (typeof value !== 'string') return null;
  const key = decodeBase64(value);
  return key && key.length >= MIN_BLIND_INDEX_KEY_BYTES ? key : null;
}

const isDevelopmentKey = (key: Buffer) =>
  key.subarray(0, DEVELOPMENT_KEY_PREFIX.length).toString() === DEVELOPMENT_KEY_PREFIX;

/** A key variable: well-formed, and in production not a development key. Messages never carry the value. */
function IsKeyMaterial(parse: (value: unknown) => Buffer[] | null, format: string) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isKeyMaterial',
      target: target.constructor,
      propertyName,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const keys = parse(value);
          if (!keys) return false;
          return (args.object as ServiceEnv).NODE_ENV !== 'production' || !keys.some(isDevelopmentKey);
        },
        defaultMessage: () =>
          `${propertyName} must be ${format}; in production not the development value (no default: set it)`,
      },
    });
}

/** The case-files service's environment; see the README's configuration table. */
export class CaseFilesEnv extends ServiceEnv {
  override PORT = 3003;
  override DATABASE_NAME = 'case_files';

  /** AES-256-GCM keys of stored CNICs: `keyId:base64-32-bytes`, comma-separated, the current first. */
  @IsKeyMaterial(
    (value) => parseCnicEncryptionKeys(value)?.map((k) => k.key) ?? null,
    'base64 of 32 bytes, or a comma-separated list of keyId:base64 of 32 bytes (the current key first, key ids unique)',
  )
  CNIC_ENCRYPTION_KEY!: string;

  /** HMAC-SHA256 key of the CNIC blind index: base64 of at least 32 bytes. Changing it loses every lookup. */
  @IsKeyMaterial((value) => {
    const key = parseBlindIndexKey(value);
    return key ? [key] : null;
  }, `base64 of at least ${MIN_BLIND_INDEX_KEY_BYTES} bytes`)
  CNIC_INDEX_KEY!: string;
}
