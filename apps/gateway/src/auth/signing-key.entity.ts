import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An RS256 key pair of the gateway. One is active (signs new tokens); retired ones stay published
 * until every token they signed has expired. The private key is only read to sign, is stored sealed
 * under `SIGNING_KEY_ENCRYPTION_KEY`, and is wiped when the key is retired: a retired key can never
 * sign again.
 */
@Entity('signing_key')
export class SigningKeyEntity {
  @PrimaryColumn('text')
  kid: string;

  /**
   * The private key in the clear: only on rows stored before encryption at rest, until the next
   * start seals it (`privateKeySealed`) and wipes this.
   */
  @Column('text', { name: 'private_key_pem', nullable: true, select: false })
  privateKeyPem: string | null;

  /** The private key (PKCS#8 PEM), sealed: AES-256-GCM `iv ‖ tag ‖ ciphertext`, bound to the kid. */
  @Column('bytea', { name: 'private_key_sealed', nullable: true, select: false })
  privateKeySealed: Buffer | null;

  /** The id of the `SIGNING_KEY_ENCRYPTION_KEY` key that sealed it. */
  @Column('text', { name: 'private_key_key_id', nullable: true, select: false })
  privateKeyKeyId: string | null;

  @Column('text', { name: 'public_key_pem' })
  publicKeyPem: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'activated_at' })
  activatedAt: Date;

  @Column('timestamptz', { name: 'retired_at', nullable: true })
  retiredAt: Date | null;
}
