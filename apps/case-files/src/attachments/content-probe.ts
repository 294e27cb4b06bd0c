import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { ACCEPTED_CONTENT_TYPES, unsupportedFileType } from './attachment-problems';

/** Bytes from the start that `file-type` needs to recognise any type it knows. */
export const SNIFF_BYTES = 4100;

/**
 * The accepted media type of content that starts with `head` (the first SNIFF_BYTES, or all of a
 * smaller file), detected from the bytes: a `.jpg` that is an executable is an executable.
 * @throws the 415 problem for anything but JPEG, PNG, PDF, DICOM
 */
export async function acceptedTypeOf(head: Buffer): Promise<string> {
  const detected = await fileTypeFromBuffer(head);
  if (!detected || !ACCEPTED_CONTENT_TYPES.includes(detected.mime)) throw unsupportedFileType(detected?.mime);
  return detected.mime;
}

/** SHA-256 (lowercase hex) and size of what passes through, known once the stream is consumed. */
export class Digest {
  private readonly hash = createHash('sha256');
  size = 0;

  async *through(content: Iterable<Buffer> | AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const piece of content) {
      this.hash.update(piece);
      this.size += piece.length;
      yield piece;
    }
  }

  sha256(): string {
    return this.hash.digest('hex');
  }
}

/** The file extension of an accepted type, for a download's file name. */
export const extensionOf = (contentType: string) =>
  ({ 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf', 'application/dicom': 'dcm' })[
    contentType
  ] ?? 'bin';
