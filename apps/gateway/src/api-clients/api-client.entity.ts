import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '@referral/platform-auth';

/** A system that calls the API with OAuth 2.0 client credentials. The secret is kept only hashed. */
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

  /** `scrypt$N$r$p$salt$hash`; only selected to check a secret. */
  @Column('text', { name: 'secret_hash', select: false })
  secretHash: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
