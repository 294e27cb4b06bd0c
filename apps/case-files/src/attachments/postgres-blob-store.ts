import { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import type { BlobStore, ByteRange } from './blob-store';

/** 256 KiB: a chunk per row, small enough to stream, large enough to keep the row count low. */
export const BLOB_CHUNK_BYTES = 256 * 1024;

/** Cuts a stream of pieces of any size into chunks of exactly `size` bytes (the last may be shorter). */
export async function* rechunk(
  content: Buffer | AsyncIterable<Buffer>,
  size: number,
): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(content)) {
    for (let start = 0; start < content.length; start += size) yield content.subarray(start, start + size);
    return;
  }
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const piece of content) {
    pending.push(piece);
    pendingBytes += piece.length;
    while (pendingBytes >= size) {
      const joined = Buffer.concat(pending, pendingBytes);
      yield joined.subarray(0, size);
      pending = [joined.subarray(size)];
      pendingBytes -= size;
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
}

/**
 * Attachment bytes in the service's own database (`attachment_blob_chunk`), written in the transaction
 * that records the attachment. Chunks have a fixed size, so a range maps to the chunks it covers.
 */
export class PostgresBlobStore implements BlobStore {
  readonly storage = 'postgres' as const;

  constructor(private readonly dataSource: DataSource) {}

  async put(id: string, content: Buffer | AsyncIterable<Buffer>, manager: EntityManager): Promise<void> {
    let seq = 0;
    for await (const chunk of rechunk(content, BLOB_CHUNK_BYTES)) {
      await manager.query('INSERT INTO attachment_blob_chunk (blob_id, seq, data) VALUES ($1, $2, $3)', [
        id,
        seq++,
        chunk,
      ]);
    }
  }

  async read(id: string, size: number, range: ByteRange = { start: 0, end: size - 1 }): Promise<Readable> {
    const first = Math.floor(range.start / BLOB_CHUNK_BYTES);
    const last = Math.floor(range.end / BLOB_CHUNK_BYTES);
    const dataSource = this.dataSource;
    // One chunk per query: memory stays at one chunk whatever the size, and a slow reader holds no
    // connection between chunks.
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let seq = first; seq <= last; seq++) {
        const rows: { data: Buffer }[] = await dataSource.query(
          'SELECT data FROM attachment_blob_chunk WHERE blob_id = $1 AND seq = $2',
          [id, seq],
        );
        if (!rows[0]) throw new Error(`attachment ${id} is missing chunk ${seq}`);
        const chunkStart = seq * BLOB_CHUNK_BYTES;
        const from = Math.max(range.start - chunkStart, 0);
        const to = Math.min(range.end - chunkStart + 1, rows[0].data.length);
        yield rows[0].data.subarray(from, to);
      }
    }
    return Readable.from(chunks());
  }

  async remove(id: string): Promise<void> {
    await this.dataSource.query('DELETE FROM attachment_blob_chunk WHERE blob_id = $1', [id]);
  }
}
