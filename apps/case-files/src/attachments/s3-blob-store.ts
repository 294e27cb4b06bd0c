import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import type { BlobStore, ByteRange } from './blob-store';

export interface S3BlobStoreOptions {
  bucket: string;
  /** Prepended to the attachment id: `attachments/<id>`. */
  keyPrefix: string;
  client: S3ClientConfig;
}

/**
 * Attachment bytes in an S3-compatible object store (AWS S3, MinIO, Ceph…), one object per
 * attachment. Writes happen outside the database transaction, so the caller removes the object when
 * the transaction fails (AddAttachmentCommand does).
 */
export class S3BlobStore implements BlobStore {
  readonly storage = 's3' as const;
  private readonly s3: S3Client;

  constructor(private readonly options: S3BlobStoreOptions) {
    this.s3 = new S3Client(options.client);
  }

  async put(id: string, content: Buffer | AsyncIterable<Buffer>): Promise<void> {
    // At most ATTACHMENT_MAX_BYTES: one PUT with a known length (no multipart upload to clean up).
    const pieces: Buffer[] = [];
    if (Buffer.isBuffer(content)) pieces.push(content);
    else for await (const piece of content) pieces.push(piece);
    const body = Buffer.concat(pieces);
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: this.key(id),
        Body: body,
        ContentLength: body.length,
      }),
    );
  }

  async read(id: string, size: number, range?: ByteRange): Promise<Readable> {
    const answer = await this.s3.send(
      new GetObjectCommand({
        Bucket: this.options.bucket,
        Key: this.key(id),
        ...(range && { Range: `bytes=${range.start}-${range.end}` }),
      }),
    );
    if (!(answer.Body instanceof Readable))
      throw new Error(`attachment ${id}: the object store sent no body`);
    return answer.Body;
  }

  async remove(id: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.key(id) }));
  }

  destroy(): void {
    this.s3.destroy();
  }

  private key(id: string): string {
    return `${this.options.keyPrefix}${id}`;
  }
}
