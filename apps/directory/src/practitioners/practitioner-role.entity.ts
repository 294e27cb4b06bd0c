import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { AvailabilityWindowData } from '@referral/contracts';

/**
 * One specialty at one organization. The table also holds search copies of the practitioner's
 * languages, licence expiry and active flag and the availability as `int4multirange`: they are not
 * mapped here, the repository writes them with SQL.
 */
@Entity('practitioner_role')
export class PractitionerRoleEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'practitioner_id' })
  practitionerId: string;

  @Column('text', { name: 'specialty_code' })
  specialtyCode: string;

  @Column('uuid', { name: 'organization_id' })
  organizationId: string;

  @Column('integer', { name: 'max_open_cases' })
  maxOpenCases: number;

  @Column('boolean')
  active: boolean;

  /** The weekly windows as given (Asia/Karachi); empty means always available. */
  @Column('jsonb')
  availability: AvailabilityWindowData[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
