import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An identifier a client gave a ServiceRequest it created, and the referral it became. */
@Entity('client_identifier')
export class ClientIdentifierEntity {
  @PrimaryColumn('uuid', { name: 'organization_id' })
  organizationId: string;

  @PrimaryColumn('text')
  system: string;

  @PrimaryColumn('text')
  value: string;

  @Column('uuid', { name: 'referral_id' })
  referralId: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
