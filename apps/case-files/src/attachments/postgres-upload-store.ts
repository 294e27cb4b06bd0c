import { DataStore, ERRORS, Upload } from '@tus/utils';
import type { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { BLOB_CHUNK_BYTES } from './postgres-blob-store';
import { currentUploader } from './upload-context';

interface UploadRow {
  id: string;
  case_file_id: string;
  organization_id: string;
  length: string;
  offset: string;
  metadata: Record<string, string | null>;
  created_at: Date;
}

/** An upload in progress as the attachments side needs it. */
export interface StagedUpload {
  id: string;
  caseFileId: string;
  organizationId: string;
  length: number;
  offset: number;
  metadata: Record<string, string | null>;
}

const toStaged = (row: UploadRow): StagedUpload => ({
  id: row.id,
  caseFileId: row.case_file_id,
  organizationId: row.organization_id,
  length: Number(row.length),
  offset: Number(row.offset),
  metadata: row.metadata,
});

const isSizeError = (error: unknown) =>
  error === ERRORS.ERR_SIZE_EXCEEDED || error === ERRORS.ERR_MAX_SIZE_EXCEEDED;

/**
 * The tus data store: uploads in progress in PostgreSQL (`upload`, `upload_chunk`), so every instance
 * of the service can continue any upload. Each piece received is committed as it arrives (at most
 * 256 KiB held in memory), and what arrived before a dropped connection is kept: the client resumes
 * from the last byte the server has. A piece is appended only at the offset the upload is at, so
 * two instances writing one upload at once cannot interleave bytes.
 */
export class PostgresUploadStore extends DataStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly expiryMs: number,
  ) {
    super();
    // No `creation-defer-length`: the size is declared up front, so the limit is enforced at once.
    this.extensions = ['creation', 'creation-with-upload', 'termination', 'expiration'];
  }

  override async create(upload: Upload): Promise<Upload> {
    const caller = currentUploader();
    const rows: { created_at: Date }[] = await this.dataSource.query(
      `INSERT INTO upload (id, case_file_id, organization_id, length, metadata, expires_at,
                           created_by_client_id, created_by_practitioner_id)
       VALUES ($1, $2, $3, $4, $5::jsonb, now() + make_interval(secs => $6), $7, $8)
       RETURNING created_at`,
      [
        upload.id,
        upload.metadata?.caseFileId,
        caller.organizationId,
        upload.size,
        JSON.stringify(upload.metadata ?? {}),
        this.expiryMs / 1000,
        caller.clientId,
        caller.practitionerId,
      ],
    );
    upload.creation_date = rows[0].created_at.toISOString();
    return upload;
  }

  override async write(stream: Readable, id: string, offset: number): Promise<number> {
    let position = offset;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const append = async (chunk: Buffer) => {
      await this.append(id, position, chunk);
      position += chunk.length;
    };
    const flush = async () => {
      if (pendingBytes === 0) return;
      const chunk = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      await append(chunk);
    };
    try {
      for await (const piece of stream as AsyncIterable<Buffer>) {
        pending.push(piece);
        pendingBytes += piece.length;
        if (pendingBytes >= BLOB_CHUNK_BYTES) await flush();
      }
    } catch (error) {
      if (isSizeError(error)) {
        // More bytes than the upload declared: nothing of this request is kept.
        await this.truncate(id, offset);
        throw error;
      }
      // The connection dropped: keep what arrived, so the client resumes from there.
      await flush();
      throw error;
    }
    await flush();
    return position;
  }

  override async getUpload(id: string): Promise<Upload> {
    const staged = await this.find(id);
    if (!staged) throw ERRORS.FILE_NOT_FOUND;
    return new Upload({
      id,
      size: staged.length,
      offset: staged.offset,
      metadata: staged.metadata,
      creation_date: staged.createdAt.toISOString(),
    });
  }

  override async remove(id: string): Promise<void> {
    const [, count]: [unknown, number] = await this.dataSource.query('DELETE FROM upload WHERE id = $1', [
      id,
    ]);
    if (count === 0) throw ERRORS.FILE_NOT_FOUND;
  }

  override async deleteExpired(): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      'DELETE FROM upload WHERE expires_at < now()',
    );
    return count;
  }

  override getExpiration(): number {
    return this.expiryMs;
  }

  async find(id: string): Promise<(StagedUpload & { createdAt: Date }) | null> {
    const rows: UploadRow[] = await this.dataSource.query(
      'SELECT id, case_file_id, organization_id, length, "offset", metadata, created_at FROM upload WHERE id = $1',
      [id],
    );
    return rows[0] ? { ...toStaged(rows[0]), createdAt: rows[0].created_at } : null;
  }

  /** The bytes received, in order, one chunk at a time. */
  async *content(id: string): AsyncGenerator<Buffer> {
    let offset = 0;
    for (;;) {
      const rows: { offset: string; data: Buffer }[] = await this.dataSource.query(
        'SELECT "offset", data FROM upload_chunk WHERE upload_id = $1 AND "offset" >= $2 ORDER BY "offset" LIMIT 1',
        [id, offset],
      );
      if (!rows[0]) return;
      if (Number(rows[0].offset) !== offset) throw new Error(`upload ${id} has a gap at byte ${offset}`);
      yield rows[0].data;
      offset += rows[0].data.length;
    }
  }

  /** The first `bytes` bytes (fewer when the upload is smaller). */
  async head(id: string, bytes: number): Promise<Buffer> {
    const pieces: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.content(id)) {
      pieces.push(chunk);
      size += chunk.length;
      if (size >= bytes) break;
    }
    return Buffer.concat(pieces, size).subarray(0, bytes);
  }

  /** After it became an attachment: the bytes go, the row stays (a client that missed the answer asks HEAD). */
  async dropContent(id: string): Promise<void> {
    await this.dataSource.query('DELETE FROM upload_chunk WHERE upload_id = $1', [id]);
  }

  private async append(id: string, offset: number, chunk: Buffer): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [, count]: [unknown, number] = await manager.query(
        'UPDATE upload SET "offset" = "offset" + $3 WHERE id = $1 AND "offset" = $2',
        [id, offset, chunk.length],
      );
      if (count === 0) throw ERRORS.INVALID_OFFSET;
      await manager.query('INSERT INTO upload_chunk (upload_id, "offset", data) VALUES ($1, $2, $3)', [
        id,
        offset,
        chunk,
      ]);
    });
  }

  private async truncate(id: string, offset: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM upload_chunk WHERE upload_id = $1 AND "offset" >= $2', [id, offset]);
      await manager.query('UPDATE upload SET "offset" = $2 WHERE id = $1', [id, offset]);
    });
  }
}
