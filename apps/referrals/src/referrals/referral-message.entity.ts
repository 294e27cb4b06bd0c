import { Column, Entity, PrimaryColumn } from 'typeorm';

export type MessageKind = 'clarification-request' | 'clarification-response' | 'follow-up' | 'note';
export type MessageSide = 'referrer' | 'specialist';

/** One message of a referral's thread. Append-only. */
@Entity('referral_message')
export class ReferralMessageEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'referral_id' })
  referralId: string;

  @Column('text')
  kind: MessageKind;

  @Column('text')
  text: string;

  @Column('uuid', { name: 'attachment_ids', array: true })
  attachmentIds: string[];

  @Column('text')
  side: MessageSide;

  @Column('text', { name: 'author_client_id' })
  authorClientId: string;

  @Column('uuid', { name: 'author_practitioner_id', nullable: true })
  authorPractitionerId: string | null;

  @Column('uuid', { name: 'author_organization_id' })
  authorOrganizationId: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
