import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseFileContent } from './case-file-content';

/** A case file at its current version. */
@Entity('case_file')
export class CaseFileEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'patient_id' })
  patientId: string;

  /** The referring organization: the patient's. */
  @Column('uuid', { name: 'organization_id' })
  organizationId: string;

  @Column('int')
  version: number;

  @Column('jsonb')
  content: CaseFileContent;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  /** When the current version was written. */
  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;

  @Column('text', { name: 'created_by_client_id' })
  createdByClientId: string;

  @Column('uuid', { name: 'created_by_practitioner_id', nullable: true })
  createdByPractitionerId: string | null;
}
