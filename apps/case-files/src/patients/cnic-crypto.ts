import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { CNIC_DIGITS } from '@referral/contracts';
import type { CnicEncryptionKey } from '../config';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface EncryptedCnic {
  keyId: string;
  /** iv (12 bytes) | GCM tag (16 bytes) | ciphertext. */
  ciphertext: Buffer;
}

/**
 * The CNIC's protection (DESIGN.md §5): AES-256-GCM under the current key, with the key id kept beside
 * the ciphertext so that older keys still decrypt after a rotation; an HMAC-SHA256 blind index for
 * exact lookup. The patient's id is the associated data: a ciphertext copied onto another patient's
 * row does not decrypt.
 */
export class CnicCrypto {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly currentKeyId: string;

  constructor(
    encryptionKeys: CnicEncryptionKey[],
    private readonly blindIndexKey: Buffer,
  ) {
    if (encryptionKeys.length === 0) throw new Error('CnicCrypto needs at least one encryption key');
    for (const { id, key } of encryptionKeys) {
      if (key.length !== 32) throw new Error(`CNIC encryption key ${id} is not 32 bytes`);
    }
    if (blindIndexKey.length < 32) throw new Error('the CNIC blind index key is shorter than 32 bytes');
    this.keys = new Map(encryptionKeys.map(({ id, key }) => [id, key]));
    this.currentKeyId = encryptionKeys[0].id;
  }

  /** The key new CNICs are encrypted under. */
  get currentKey(): string {
    return this.currentKeyId;
  }

  /** Every configured key's id, the current one first. */
  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  /** `cnic`: the 13 digits (normalizeCnic). */
  encrypt(cnic: string, patientId: string): EncryptedCnic {
    assertDigits(cnic);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(patientId));
    const ciphertext = Buffer.concat([cipher.update(cnic, 'utf8'), cipher.final()]);
    return { keyId: this.currentKeyId, ciphertext: Buffer.concat([iv, cipher.getAuthTag(), ciphertext]) };
  }

  /** @throws when the key is unknown or the data was altered (or belongs to another patient) */
  decrypt({ keyId, ciphertext }: EncryptedCnic, patientId: string): string {
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`CNIC encryption key ${keyId} is not configured`);
    if (ciphertext.length <= IV_BYTES + TAG_BYTES) throw new Error('CNIC ciphertext is truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, ciphertext.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(patientId));
    decipher.setAuthTag(ciphertext.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(ciphertext.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new Error('CNIC ciphertext failed authentication');
    }
  }

  /** The same digits give the same 32 bytes (under one index key); nothing is learned from them. */
  blindIndex(cnic: string): Buffer {
    assertDigits(cnic);
    return createHmac('sha256', this.blindIndexKey).update(cnic).digest();
  }
}

function assertDigits(cnic: string): void {
  // Never the value in the message: it is the thing being protected.
  if (!CNIC_DIGITS.test(cnic)) throw new Error('CnicCrypto takes the 13 digits of a normalised CNIC');
}
