import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What is sent for one event, to every endpoint that receives it. */
@Entity('webhook_message')
export class WebhookMessageEntity {
  /** The `webhook-id` header: the event's CloudEvents id (a test event has one of its own). */
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { name: 'event_type' })
  eventType: string;

  /** The exact JSON that is signed and sent, the same on every attempt. */
  @Column('text')
  body: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
