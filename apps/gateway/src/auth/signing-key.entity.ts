import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An RS256 key pair of the gateway. One is active (signs new tokens); retired ones stay published
 * until every token they signed has expired. The private key is only read to sign, and is wiped
 * when the key is retired: a retired key can never sign again.
 */
@Entity('signing_key')
export class SigningKeyEntity {
  @PrimaryColumn('text')
  kid: string;

  @Column('text', { name: 'private_key_pem', nullable: true, select: false })
  privateKeyPem: string | null;

  @Column('text', { name: 'public_key_pem' })
  publicKeyPem: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'activated_at' })
  activatedAt: Date;

  @Column('timestamptz', { name: 'retired_at', nullable: true })
  retiredAt: Date | null;
}
