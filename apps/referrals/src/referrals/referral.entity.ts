import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { ReferralPriority, ReferralStage, ReferralStatus } from '@referral/contracts';

@Entity('referral')
export class ReferralEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  status: ReferralStatus;

  @Column('text')
  stage: ReferralStage;

  @Column('text')
  priority: ReferralPriority;

  @Column('text', { name: 'specialty_code' })
  specialtyCode: string;

  @Column('text')
  question: string;

  @Column('uuid', { name: 'case_file_id' })
  caseFileId: string;

  @Column('uuid', { name: 'referring_organization_id' })
  referringOrganizationId: string;

  @Column('uuid', { name: 'referring_practitioner_id', nullable: true })
  referringPractitionerId: string | null;

  @Column('uuid', { name: 'target_practitioner_id', nullable: true })
  targetPractitionerId: string | null;

  @Column('uuid', { name: 'holder_practitioner_id', nullable: true })
  holderPractitionerId: string | null;

  @Column('boolean', { name: 'allow_conversion' })
  allowConversion: boolean;

  @Column('timestamptz', { name: 'claim_due_at' })
  claimDueAt: Date;

  @Column('timestamptz', { name: 'answer_due_at' })
  answerDueAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
