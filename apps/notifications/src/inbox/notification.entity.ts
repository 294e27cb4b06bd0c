import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An in-app inbox entry, addressed to one practitioner, or to the callers of an organization with a role. */
@Entity('notification')
export class NotificationEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  type: string;

  @Column('uuid', { name: 'referral_id', nullable: true })
  referralId: string | null;

  /** The organization it is filed under; null for a practitioner the directory projection does not know. */
  @Column('uuid', { name: 'organization_id', nullable: true })
  organizationId: string | null;

  @Column('uuid', { name: 'recipient_practitioner_id', nullable: true })
  recipientPractitionerId: string | null;

  /** Addressed to every caller of this organization with this role (its coordinators), not to one person. */
  @Column('text', { name: 'audience_role', nullable: true })
  audienceRole: string | null;

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
