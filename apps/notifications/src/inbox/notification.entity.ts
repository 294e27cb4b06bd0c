import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An in-app inbox entry, addressed to an organization and optionally to one practitioner. */
@Entity('notification')
export class NotificationEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  type: string;

  @Column('uuid', { name: 'referral_id', nullable: true })
  referralId: string | null;

  @Column('uuid', { name: 'organization_id' })
  organizationId: string;

  @Column('uuid', { name: 'recipient_practitioner_id', nullable: true })
  recipientPractitionerId: string | null;

  @Column('text')
  title: string;

  @Column('text')
  body: string;

  @Column('uuid', { name: 'source_event_id' })
  sourceEventId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'read_at', nullable: true })
  readAt: Date | null;
}
