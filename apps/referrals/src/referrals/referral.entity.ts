import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { ReferralPriority, ReferralStage, ReferralStatus } from '@referral/contracts';

export interface StoredConsult {
  assessment: string;
  advice: string;
  recommendation: string;
  followUpInDays: number | null;
  practitionerId: string;
  providedAt: string;
}

export interface StoredCloseout {
  questionAnswered: boolean;
  travelAvoided: boolean | null;
  rating: number | null;
  comment: string | null;
  closedAt: string;
}

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

  @Column('uuid', { name: 'patient_id', nullable: true })
  patientId: string | null;

  /** What the de-identified queue shows of the patient. */
  @Column('text', { name: 'patient_age_band' })
  patientAgeBand: string;

  @Column('text', { name: 'patient_sex' })
  patientSex: string;

  @Column('text', { name: 'required_language', nullable: true })
  requiredLanguage: string | null;

  /** While a clarification is awaited: since when the answer clock stands still. */
  @Column('timestamptz', { name: 'answer_paused_at', nullable: true })
  answerPausedAt: Date | null;

  @Column('jsonb', { nullable: true })
  consult: StoredConsult | null;

  @Column('jsonb', { nullable: true })
  closeout: StoredCloseout | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
