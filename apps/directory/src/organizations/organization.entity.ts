import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { OrganizationKind, Province } from '@referral/contracts';

/** A clinic, hospital or partner organization. */
@Entity('organization')
export class OrganizationEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text')
  kind: OrganizationKind;

  @Column('text')
  district: string;

  @Column('text')
  province: Province;

  /** E.164 (`+923001234567`). */
  @Column('text', { nullable: true })
  phone: string | null;

  /** WGS 84 degrees; both or neither (a CHECK constraint). */
  @Column('double precision', { nullable: true })
  latitude: number | null;

  @Column('double precision', { nullable: true })
  longitude: number | null;

  @Column('boolean')
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
