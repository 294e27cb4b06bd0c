/**
 * One FHIR id for a thing we name by two UUIDs (a referral's message, a case file's attachment):
 * FHIR ids are at most 64 characters of `[A-Za-z0-9\-.]`, and two UUIDs with their dashes are 73. Each
 * UUID's 16 bytes in lower-case base32 (RFC 4648, no padding) are 26 characters: `<26>.<26>`, 53.
 */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PART = /^[a-z2-7]{26}$/;

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string): Buffer | undefined {
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of text) {
    value = (value << 5) | ALPHABET.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  // 26 characters carry 130 bits: the last 2 must be zero, or the text is not one we wrote.
  return (value & ((1 << bits) - 1)) === 0 ? Buffer.from(bytes) : undefined;
}

const toPart = (uuid: string) => base32(Buffer.from(uuid.replace(/-/g, ''), 'hex'));

function fromPart(part: string): string | undefined {
  if (!PART.test(part)) return undefined;
  const hex = unbase32(part)?.toString('hex');
  if (hex?.length !== 32) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function compoundId(owner: string, item: string): string {
  if (!UUID.test(owner) || !UUID.test(item)) throw new Error('a compound id joins two UUIDs');
  return `${toPart(owner.toLowerCase())}.${toPart(item.toLowerCase())}`;
}

/** The two UUIDs of a compound id, or undefined for any other text (it names nothing here). */
export function readCompoundId(id: string): { owner: string; item: string } | undefined {
  const [ownerPart, itemPart, ...rest] = id.split('.');
  if (rest.length > 0 || ownerPart === undefined || itemPart === undefined) return undefined;
  const owner = fromPart(ownerPart);
  const item = fromPart(itemPart);
  return owner && item ? { owner, item } : undefined;
}
