import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A specialty referrals can ask (seeded by the migration). */
@Entity('specialty')
export class SpecialtyEntity {
  @PrimaryColumn('text')
  code: string;

  @Column('text', { name: 'name_en' })
  nameEn: string;

  @Column('text', { name: 'name_ur' })
  nameUr: string;
}
