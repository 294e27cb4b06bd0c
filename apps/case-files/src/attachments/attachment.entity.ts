import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { BlobStorage } from './blob-store';

/** A file attached to a case file: its bytes are in the blob store named by `storage`. */
@Entity('attachment')
export class AttachmentEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'case_file_id' })
  caseFileId: string;

  @Column('uuid', { name: 'organization_id' })
  organizationId: string;

  /** Detected from the content. */
  @Column('text', { name: 'content_type' })
  contentType: string;

  @Column('bigint', { transformer: { to: (value: number) => value, from: (value: string) => Number(value) } })
  size: number;

  /** Lowercase hex. */
  @Column('text')
  sha256: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('text')
  storage: BlobStorage;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('text', { name: 'created_by_client_id' })
  createdByClientId: string;

  @Column('uuid', { name: 'created_by_practitioner_id', nullable: true })
  createdByPractitionerId: string | null;
}
