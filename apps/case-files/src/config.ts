import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';
import {
  IsKeyring,
  isDevelopmentKey,
  parseSecretKeys,
  ServiceEnv,
  type SecretKey,
} from '@referral/platform-config';

/** One AES-256 key of CNIC_ENCRYPTION_KEY's keyring (the shared keyring format of platform-config). */
export type CnicEncryptionKey = SecretKey;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const MIN_BLIND_INDEX_KEY_BYTES = 32;

function decodeBase64(text: string): Buffer | null {
  const trimmed = text.trim();
  return BASE64.test(trimmed) && trimmed.length % 4 === 0 ? Buffer.from(trimmed, 'base64') : null;
}

/**
 * `keyId:base64-of-32-bytes`, comma-separated, the current key first: new CNICs are encrypted under
 * it, and every listed key still decrypts what it encrypted (rotation). A key given bare (base64
 * only) gets its fingerprint as id. Null when malformed.
 */
export const parseCnicEncryptionKeys = parseSecretKeys;

/** Base64 of at least 32 bytes; null when malformed. */
export function parseBlindIndexKey(value: unknown): Buffer | null {
  if (typeof value !== 'string') return null;
  const key = decodeBase64(value);
  return key && key.length >= MIN_BLIND_INDEX_KEY_BYTES ? key : null;
}

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

/** The blind index key is a key of its own: never one of the encryption keys (one leak, both protections). */
function IsNotAnEncryptionKey() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isNotAnEncryptionKey',
      target: target.constructor,
      propertyName,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const index = parseBlindIndexKey(value);
          const keys = parseCnicEncryptionKeys((args.object as CaseFilesEnv).CNIC_ENCRYPTION_KEY);
          // Malformed either way: the variables' own checks say so.
          return !index || !keys || !keys.some(({ key }) => key.equals(index));
        },
        defaultMessage: () =>
          `${propertyName} must be a key of its own, not one of CNIC_ENCRYPTION_KEY's keys`,
      },
    });
}

/** The case-files service's environment; see the README's configuration table. */
export class CaseFilesEnv extends ServiceEnv {
  override PORT = 3003;
  override DATABASE_NAME = 'case_files';

  /** AES-256-GCM keys of stored CNICs: `keyId:base64-32-bytes`, comma-separated, the current first. */
  @IsKeyring()
  CNIC_ENCRYPTION_KEY!: string;

  /** HMAC-SHA256 key of the CNIC blind index: base64 of at least 32 bytes. Changing it loses every lookup. */
  @IsKeyMaterial((value) => {
    const key = parseBlindIndexKey(value);
    return key ? [key] : null;
  }, `base64 of at least ${MIN_BLIND_INDEX_KEY_BYTES} bytes`)
  @IsNotAnEncryptionKey()
  CNIC_INDEX_KEY!: string;

  /**
   * How often each instance moves CNICs still under an older key of CNIC_ENCRYPTION_KEY to the current
   * one (batches locked with SKIP LOCKED: instances share the work); 0 = off.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(24 * 3600)
  CNIC_REENCRYPT_INTERVAL_SECONDS = 300;

  /** Patients re-encrypted in one transaction. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  CNIC_REENCRYPT_BATCH_SIZE = 500;

  /**
   * Days the specialist who held a referral keeps reading its case file after the referral closed
   * (closed or converted), for follow-up; 0 = access ends at close.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3650)
  CASE_FILE_ACCESS_AFTER_CLOSE_DAYS = 30;

  /** The largest attachment, in bytes, by multipart or tus upload (default 20 MiB); larger is 413. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1024 * 1024 * 1024)
  ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

  /** Where attachment bytes go: this service's PostgreSQL database, or an S3-compatible store (S3_*). */
  @IsIn(['postgres', 's3'])
  ATTACHMENT_STORAGE: 'postgres' | 's3' = 'postgres';

  /** Hours an unfinished tus upload is kept from its creation; then it is gone (410) and deleted. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  UPLOAD_EXPIRY_HOURS = 24;

  /** How often expired uploads are deleted (each instance; deleting twice is harmless). */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  UPLOAD_CLEANUP_INTERVAL_SECONDS = 900;

  /** With ATTACHMENT_STORAGE=s3: the bucket (required then). */
  @ValidateIf((env: CaseFilesEnv) => env.ATTACHMENT_STORAGE === 's3')
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'S3_BUCKET must be a bucket name (required with ATTACHMENT_STORAGE=s3)',
  })
  S3_BUCKET?: string;

  /** The endpoint of an S3-compatible store other than AWS (MinIO, Ceph…); AWS when unset. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'S3_ENDPOINT must be an http(s) URL' })
  S3_ENDPOINT?: string;

  @IsString()
  S3_REGION = 'us-east-1';

  /** Path-style addressing (`endpoint/bucket/key`), which most S3-compatible stores need. */
  @IsIn(['true', 'false'])
  S3_FORCE_PATH_STYLE: 'true' | 'false' = 'true';

  /** Keys of objects are this prefix and the attachment id. */
  @Matches(/^[A-Za-z0-9._\/-]{0,200}$/, { message: 'S3_KEY_PREFIX may hold letters, digits, . _ / -' })
  S3_KEY_PREFIX = 'attachments/';

  /** Static credentials; when unset, the AWS default chain (environment, instance role…). */
  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;
}
