import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '@referral/platform-auth';
import type { ClientJwks } from './client-jwks';

/**
 * A system that calls the API with OAuth 2.0 client credentials: authenticated by a secret (kept only
 * hashed), by an assertion signed with a key of its JWK Set (SMART Backend Services), or either.
 */
@Entity('api_client')
export class ApiClientEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { name: 'client_id' })
  clientId: string;

  @Column('text')
  name: string;

  @Column('uuid', { name: 'organization_id' })
  organizationId: string;

  @Column('uuid', { name: 'practitioner_id', nullable: true })
  practitionerId: string | null;

  @Column('text', { array: true })
  roles: Role[];

  /** `scrypt$N$r$p$salt$hash`, null for a client without a secret; only selected to check a secret. */
  @Column('text', { name: 'secret_hash', select: false, nullable: true })
  secretHash: string | null;

  /** Its public signing keys (public members only), null for a client without any. */
  @Column('jsonb', { nullable: true })
  jwks: ClientJwks | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
