/**
 * The FHIR id of a case file's attachment (DocumentReference and Binary share it). Our download needs
 * the case file as well as the attachment (`/v1/case-files/{id}/attachments/{attachmentId}`), and the
 * facade keeps no table of its own for attachments, so the id carries both UUIDs. A FHIR id is at most
 * 64 characters of `[A-Za-z0-9\-.]`: the two UUIDs with their dashes are 73, without them and with a
 * separator 65. Each UUID's 16 bytes in base32 (RFC 4648, lowercase, no padding) are 26 characters:
 * `<caseFile>-<attachment>`, 53 characters, the case file first as in our path. Lowercase only, so a
 * client or proxy that folds case cannot make two ids of one document (nor the other way round).
 */
export interface DocumentKey {
  caseFileId: string;
  attachmentId: string;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** 26 base32 characters hold 130 bits: the last character carries only 3 of the 16 bytes' bits (its low 2 are 0). */
const PART = /^[a-z2-7]{25}[aeimquy4]$/;
const ID = /^([a-z2-7]{26})-([a-z2-7]{26})$/;

function base32(bytes: Buffer): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

function uuidOf(part: string): string | undefined {
  if (!PART.test(part)) return undefined;
  const bytes = Buffer.alloc(16);
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const char of part) {
    buffer = (buffer << 5) | ALPHABET.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      bytes[index++] = (buffer >>> (bits - 8)) & 255;
      bits -= 8;
      buffer &= (1 << bits) - 1;
    }
  }
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of the attachment `attachmentId` of the case file `caseFileId` (both UUIDs). */
export function documentId(key: DocumentKey): string {
  for (const id of [key.caseFileId, key.attachmentId]) {
    if (!UUID.test(id)) throw new Error(`not a UUID: ${id}`);
  }
  const part = (id: string) => base32(Buffer.from(id.replace(/-/g, ''), 'hex'));
  return `${part(key.caseFileId)}-${part(key.attachmentId)}`;
}

/**
 * The case file and attachment an id names; undefined for anything `documentId` does not give
 * (another length, uppercase, other characters, a last character with bits it cannot carry), which
 * names nothing here.
 */
export function readDocumentId(id: string): DocumentKey | undefined {
  const match = ID.exec(id);
  if (!match) return undefined;
  const caseFileId = uuidOf(match[1]);
  const attachmentId = uuidOf(match[2]);
  return caseFileId && attachmentId ? { caseFileId, attachmentId } : undefined;
}
