import { randomBytes, randomUUID } from 'node:crypto';
import { CnicCrypto } from './cnic-crypto';

// A synthetic number, not a real person's.
const CNIC = '3520212345673';

describe('CnicCrypto', () => {
  const oldKey = { id: '2024-01', key: randomBytes(32) };
  const newKey = { id: '2025-06', key: randomBytes(32) };
  const indexKey = randomBytes(32);
  const patientId = randomUUID();

  it('round-trips the digits under the current key, never leaving them readable', () => {
    const crypto = new CnicCrypto([oldKey], indexKey);
    const encrypted = crypto.encrypt(CNIC, patientId);
    expect(encrypted.keyId).toBe('2024-01');
    expect(encrypted.ciphertext.length).toBe(12 + 16 + 13);
    expect(encrypted.ciphertext.toString('latin1')).not.toContain(CNIC);
    expect(crypto.decrypt(encrypted, patientId)).toBe(CNIC);
  });

  it('uses a fresh IV each time: the same CNIC never gives the same ciphertext', () => {
    const crypto = new CnicCrypto([oldKey], indexKey);
    const a = crypto.encrypt(CNIC, patientId).ciphertext;
    const b = crypto.encrypt(CNIC, patientId).ciphertext;
    expect(a.equals(b)).toBe(false);
  });

  it.each([
    ['the IV', 0],
    ['the tag', 12],
    ['the ciphertext', 30],
  ])('detects a flipped bit in %s', (_, offset) => {
    const crypto = new CnicCrypto([oldKey], indexKey);
    const encrypted = crypto.encrypt(CNIC, patientId);
    encrypted.ciphertext[offset] ^= 0x01;
    expect(() => crypto.decrypt(encrypted, patientId)).toThrow('failed authentication');
  });

  it("refuses a ciphertext moved onto another patient's row", () => {
    const crypto = new CnicCrypto([oldKey], indexKey);
    const encrypted = crypto.encrypt(CNIC, patientId);
    expect(() => crypto.decrypt(encrypted, randomUUID())).toThrow('failed authentication');
  });

  it('refuses a truncated ciphertext and an unknown key id', () => {
    const crypto = new CnicCrypto([oldKey], indexKey);
    const encrypted = crypto.encrypt(CNIC, patientId);
    expect(() =>
      crypto.decrypt({ ...encrypted, ciphertext: encrypted.ciphertext.subarray(0, 28) }, patientId),
    ).toThrow('truncated');
    expect(() => crypto.decrypt({ ...encrypted, keyId: 'gone' }, patientId)).toThrow('not configured');
  });

  it('after a rotation, decrypts what the old key encrypted and encrypts under the new key', () => {
    const before = new CnicCrypto([oldKey], indexKey).encrypt(CNIC, patientId);
    const rotated = new CnicCrypto([newKey, oldKey], indexKey);
    expect(rotated.decrypt(before, patientId)).toBe(CNIC);
    const after = rotated.encrypt(CNIC, patientId);
    expect(after.keyId).toBe('2025-06');
    expect(rotated.decrypt(after, patientId)).toBe(CNIC);
    // Once the old key is dropped, its data no longer decrypts: re-encrypt before removing a key.
    expect(() => new CnicCrypto([newKey], indexKey).decrypt(before, patientId)).toThrow('not configured');
  });

  it('gives a blind index that depends on the digits and the index key only, not the encryption key', () => {
    const index = new CnicCrypto([oldKey], indexKey).blindIndex(CNIC);
    expect(index).toHaveLength(32);
    expect(new CnicCrypto([newKey], indexKey).blindIndex(CNIC).equals(index)).toBe(true);
    expect(new CnicCrypto([oldKey], indexKey).blindIndex('3520212345674').equals(index)).toBe(false);
    expect(new CnicCrypto([oldKey], randomBytes(32)).blindIndex(CNIC).equals(index)).toBe(false);
  });

  it('takes only normalised digits, without repeating the input in its error', () => {
    const crypto = new CnicCrypto([oldKey], indexKey);
    expect(() => crypto.encrypt('35202-1234567-3', patientId)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('35202') }),
    );
    expect(() => crypto.blindIndex('8520212345673')).toThrow('13 digits');
  });

  it('refuses keys of the wrong size', () => {
    expect(() => new CnicCrypto([], indexKey)).toThrow('at least one');
    expect(() => new CnicCrypto([{ id: 'k', key: randomBytes(16) }], indexKey)).toThrow('32 bytes');
    expect(() => new CnicCrypto([oldKey], randomBytes(31))).toThrow('shorter than 32 bytes');
  });
});
