import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One row per transition of a referral: who, when, from, to, why. Append-only. */
@Entity('referral_history')
export class ReferralHistoryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq: string;

  @Column('uuid', { name: 'referral_id' })
  referralId: string;

  @Column('timestamptz')
  at: Date;

  @Column('text')
  action: string;

  @Column('text', { name: 'actor_client_id', nullable: true })
  actorClientId: string | null;

  @Column('uuid', { name: 'actor_practitioner_id', nullable: true })
  actorPractitionerId: string | null;

  @Column('uuid', { name: 'actor_organization_id', nullable: true })
  actorOrganizationId: string | null;

  @Column('text', { name: 'from_status', nullable: true })
  fromStatus: string | null;

  @Column('text', { name: 'to_status' })
  toStatus: string;

  @Column('text', { name: 'from_stage', nullable: true })
  fromStage: string | null;

  @Column('text', { name: 'to_stage' })
  toStage: string;

  @Column('text', { nullable: true })
  reason: string | null;
}
