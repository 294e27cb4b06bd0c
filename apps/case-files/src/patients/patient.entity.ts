import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Sex } from '@referral/contracts';

/** A patient of the registering organization. The CNIC is never here in plaintext. */
@Entity('patient')
export class PatientEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** The registering organization. */
  @Column('uuid', { name: 'organization_id' })
  organizationId: string;

  @Column('text')
  name: string;

  @Column('text')
  sex: Sex;

  /** `YYYY-MM-DD`; exactly one of birthDate and ageYears is set. */
  @Column('date', { name: 'birth_date', nullable: true })
  birthDate: string | null;

  /** As given at registration, when the birth date is not known: the age on `ageStatedOn`. */
  @Column('int', { name: 'age_years', nullable: true })
  ageYears: number | null;

  /** `YYYY-MM-DD` in Asia/Karachi: when `ageYears` was stated; set exactly when `ageYears` is. */
  @Column('date', { name: 'age_stated_on', nullable: true })
  ageStatedOn: string | null;

  /** E.164. */
  @Column('text', { nullable: true })
  phone: string | null;

  @Column('text', { nullable: true })
  district: string | null;

  /** iv | GCM tag | ciphertext of the 13 digits, under `cnicKeyId`. */
  @Column('bytea', { name: 'cnic_ciphertext', nullable: true })
  cnicCiphertext: Buffer | null;

  @Column('text', { name: 'cnic_key_id', nullable: true })
  cnicKeyId: string | null;

  /** For the mask `*****-*******-3`. */
  @Column('char', { name: 'cnic_last_digit', length: 1, nullable: true })
  cnicLastDigit: string | null;

  /** HMAC-SHA256 of the 13 digits: exact lookup, unique per organization. */
  @Column('bytea', { name: 'cnic_blind_index', nullable: true })
  cnicBlindIndex: Buffer | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
