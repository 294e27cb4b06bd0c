import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { LicenceType } from '@referral/contracts';

@Entity('practitioner')
export class PractitionerEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** Trimmed and upper-cased; unique. */
  @Column('text', { name: 'pmdc_number' })
  pmdcNumber: string;

  @Column('text', { name: 'licence_type' })
  licenceType: LicenceType;

  /** `YYYY-MM-DD`, the last day the licence is valid. */
  @Column('date', { name: 'licence_expires_on' })
  licenceExpiresOn: string;

  /** E.164. */
  @Column('text')
  phone: string;

  @Column('text', { nullable: true })
  email: string | null;

  @Column('text', { array: true })
  languages: string[];

  @Column('uuid', { name: 'organization_id' })
  organizationId: string;

  @Column('boolean')
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
