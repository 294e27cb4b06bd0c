import type { MigrationInterface, QueryRunner } from 'typeorm';

// Frozen here rather than imported: a migration must insert the same rows whenever it runs.
// The codes are the contract's list, SPECIALTY_CODES in libs/contracts/src/specialties.ts: a new
// specialty goes there and into a new migration here, never into this one.
const SPECIALTIES: [code: string, nameEn: string, nameUr: string][] = [
  ['cardiology', 'Cardiology', 'امراضِ قلب'],
  ['dermatology', 'Dermatology', 'امراضِ جلد'],
  ['endocrinology', 'Endocrinology', 'امراضِ غدود'],
  ['ent', 'Ear, Nose and Throat (ENT)', 'کان، ناک اور گلے کے امراض'],
  ['gastroenterology', 'Gastroenterology', 'امراضِ معدہ و جگر'],
  ['general-surgery', 'General Surgery', 'عمومی جراحی (جنرل سرجری)'],
  ['gynaecology-obstetrics', 'Gynaecology and Obstetrics', 'امراضِ نسواں و زچگی'],
  ['internal-medicine', 'Internal Medicine', 'داخلی طب (میڈیسن)'],
  ['nephrology', 'Nephrology', 'امراضِ گردہ'],
  ['neurology', 'Neurology', 'امراضِ اعصاب'],
  ['ophthalmology', 'Ophthalmology', 'امراضِ چشم'],
  ['orthopaedics', 'Orthopaedics', 'ہڈیوں اور جوڑوں کے امراض'],
  ['paediatrics', 'Paediatrics', 'امراضِ اطفال'],
  ['pathology', 'Pathology', 'علم الامراض (پیتھالوجی)'],
  ['psychiatry', 'Psychiatry', 'نفسیاتی امراض'],
  ['pulmonology', 'Pulmonology', 'امراضِ سینہ'],
  ['radiology', 'Radiology', 'ریڈیالوجی'],
];

const PROVINCES = [
  'punjab',
  'sindh',
  'khyber-pakhtunkhwa',
  'balochistan',
  'islamabad',
  'gilgit-baltistan',
  'azad-kashmir',
];

/** Specialties (seeded) and organizations; practitioners' roles refer to both. */
export class Organizations1764190000000 implements MigrationInterface {
  name = 'Organizations1764190000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE specialty (
        code    text PRIMARY KEY,
        name_en text NOT NULL,
        name_ur text NOT NULL
      )`);
    for (const [code, nameEn, nameUr] of SPECIALTIES) {
      await queryRunner.query(`INSERT INTO specialty (code, name_en, name_ur) VALUES ($1, $2, $3)`, [
        code,
        nameEn,
        nameUr,
      ]);
    }

    await queryRunner.query(`
      CREATE TABLE organization (
        id         uuid PRIMARY KEY,
        name       text NOT NULL,
        kind       text NOT NULL CHECK (kind IN ('clinic', 'hospital', 'partner')),
        district   text NOT NULL,
        province   text NOT NULL CHECK (province IN (${PROVINCES.map((p) => `'${p}'`).join(', ')})),
        phone      text NULL,
        active     boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The admin list: newest first, keyset-paginated on (created_at, id), optionally by province or kind.
    await queryRunner.query(
      `CREATE INDEX organization_by_created ON organization (created_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX organization_by_province ON organization (province, created_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX organization_by_kind ON organization (kind, created_at DESC, id DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE organization');
    await queryRunner.query('DROP TABLE specialty');
  }
}
