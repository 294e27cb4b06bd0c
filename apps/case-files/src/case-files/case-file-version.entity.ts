import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseFileContent } from './case-file-content';

/** One version of a case file, as it was written; never changed afterwards. */
@Entity('case_file_version')
export class CaseFileVersionEntity {
  @PrimaryColumn('uuid', { name: 'case_file_id' })
  caseFileId: string;

  @PrimaryColumn('int')
  version: number;

  @Column('jsonb')
  content: CaseFileContent;

  @Column('text', { name: 'changed_by_client_id' })
  changedByClientId: string;

  @Column('uuid', { name: 'changed_by_practitioner_id', nullable: true })
  changedByPractitionerId: string | null;

  @Column('timestamptz', { name: 'changed_at' })
  changedAt: Date;
}
