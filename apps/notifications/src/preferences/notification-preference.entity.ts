import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A practitioner's choices; no row: the defaults (SMS and email, no quiet hours, their language). */
@Entity('notification_preference')
export class NotificationPreferenceEntity {
  @PrimaryColumn('uuid', { name: 'practitioner_id' })
  practitionerId: string;

  /** Besides in-app, which always has everything: `sms`, `email`. */
  @Column('text', { array: true })
  channels: string[];

  @Column('text', { name: 'quiet_hours_start', nullable: true })
  quietHoursStart: string | null;

  @Column('text', { name: 'quiet_hours_end', nullable: true })
  quietHoursEnd: string | null;

  @Column('text', { nullable: true })
  language: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export const DEFAULT_CHANNELS = ['sms', 'email'];
