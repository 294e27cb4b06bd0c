import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A specialist's read access to a case file through one referral, as the referral events left it
 * (migration 1764200200000 explains the columns).
 */
@Entity('case_file_access_grant')
export class AccessGrantEntity {
  @PrimaryColumn('uuid', { name: 'referral_id' })
  referralId: string;

  @Column('uuid', { name: 'case_file_id' })
  caseFileId: string;

  /** The holder, or the last one once revoked; null while nobody has held the referral. */
  @Column('uuid', { name: 'practitioner_id', nullable: true })
  practitionerId: string | null;

  /** When this practitioner came to hold the referral. */
  @Column('timestamptz', { name: 'granted_at', nullable: true })
  grantedAt: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  /** Set when the referral closed: follow-up access ends then. */
  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  /** `occurredAt` of the latest event applied. */
  @Column('timestamptz', { name: 'last_event_at' })
  lastEventAt: Date;
}
