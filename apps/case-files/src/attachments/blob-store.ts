import type { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';

/** A byte range, both ends inclusive (as in `Range: bytes=start-end`). */
export interface ByteRange {
  start: number;
  end: number;
}

/** Where a store keeps the bytes; recorded on each attachment, so a store can be replaced later. */
export type BlobStorage = 'postgres' | 's3';

/**
 * Where attachment bytes live, behind one interface: PostgreSQL by default, an S3-compatible store by
 * configuration (`ATTACHMENT_STORAGE`). Bytes are written once, under the attachment's id, and never
 * changed.
 */
export interface BlobStore {
  readonly storage: BlobStorage;
  /**
   * Writes the whole content. `manager` is the transaction that records the attachment: a store in
   * the same database writes through it (nothing stored unless it commits); another store writes
   * directly, and the caller removes the blob when the transaction fails.
   */
  put(id: string, content: Buffer | AsyncIterable<Buffer>, manager: EntityManager): Promise<void>;
  /** The bytes (of `range` when given) as a stream; the size is the attachment's, known to the caller. */
  read(id: string, size: number, range?: ByteRange): Promise<Readable>;
  remove(id: string): Promise<void>;
}

export const BLOB_STORE = Symbol('BLOB_STORE');
