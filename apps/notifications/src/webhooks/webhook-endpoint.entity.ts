import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { WebhookPayloadKind } from '@referral/contracts';

export type EndpointDisabledReason = 'manual' | 'gone';

/** A partner system's URL that receives the events of referrals involving its organization. */
@Entity('webhook_endpoint')
export class WebhookEndpointEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'organization_id' })
  organizationId: string;

  @Column('text')
  url: string;

  /** Exact types, `referral.*` or `*`. */
  @Column('text', { name: 'event_types', array: true })
  eventTypes: string[];

  @Column('text', { nullable: true })
  description: string | null;

  /** `event`: the event's JSON; `none`: an empty body (FHIR R4 rest-hook without payload). */
  @Column('text')
  payload: WebhookPayloadKind;

  /** The names of the endpoint's own headers (reads show these, never the values). */
  @Column('text', { name: 'header_names', array: true })
  headerNames: string[];

  /** The endpoint's own headers, name and value, encrypted (`sealHeaders`); null when it has none. */
  @Column('text', { name: 'headers_ciphertext', nullable: true })
  headersCiphertext: string | null;

  @Column('boolean')
  enabled: boolean;

  @Column('text', { name: 'disabled_reason', nullable: true })
  disabledReason: EndpointDisabledReason | null;

  /** The signing secret, encrypted (SecretCipher). */
  @Column('text', { name: 'secret_ciphertext' })
  secretCiphertext: string;

  /** The secret before the last rotation, signing too until `previousSecretExpiresAt`. */
  @Column('text', { name: 'previous_secret_ciphertext', nullable: true })
  previousSecretCiphertext: string | null;

  @Column('timestamptz', { name: 'previous_secret_expires_at', nullable: true })
  previousSecretExpiresAt: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
