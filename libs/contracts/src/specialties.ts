/**
 * The specialty codes of the public contract (API.md, "Details that integrations rely on"): kebab-case
 * slugs. The directory seeds the same codes with their English and Urdu names
 * (apps/directory/src/migrations/1764190000000-organizations.ts); there is no specialty event, so the
 * services that validate a specialty code without asking the directory use this list. A new specialty
 * is added here and seeded by a new directory migration.
 */
export const SPECIALTY_CODES = [
  'dermatology',
  'cardiology',
  'paediatrics',
  'gynaecology-obstetrics',
  'internal-medicine',
  'endocrinology',
  'psychiatry',
  'ophthalmology',
  'ent',
  'orthopaedics',
  'neurology',
  'pulmonology',
  'nephrology',
  'gastroenterology',
  'general-surgery',
  'radiology',
  'pathology',
] as const;

export type SpecialtyCode = (typeof SPECIALTY_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(SPECIALTY_CODES);

/**
 * The name of each specialty in English and Urdu, as the directory seeds it, for services that write
 * to people about a specialty without asking the directory (notifications' SMS and email).
 */
export const SPECIALTY_NAMES: Readonly<Record<SpecialtyCode, { en: string; ur: string }>> = {
  dermatology: { en: 'Dermatology', ur: 'امراضِ جلد' },
  cardiology: { en: 'Cardiology', ur: 'امراضِ قلب' },
  paediatrics: { en: 'Paediatrics', ur: 'امراضِ اطفال' },
  'gynaecology-obstetrics': { en: 'Gynaecology and Obstetrics', ur: 'امراضِ نسواں و زچگی' },
  'internal-medicine': { en: 'Internal Medicine', ur: 'داخلی طب (میڈیسن)' },
  endocrinology: { en: 'Endocrinology', ur: 'امراضِ غدود' },
  psychiatry: { en: 'Psychiatry', ur: 'نفسیاتی امراض' },
  ophthalmology: { en: 'Ophthalmology', ur: 'امراضِ چشم' },
  ent: { en: 'Ear, Nose and Throat (ENT)', ur: 'کان، ناک اور گلے کے امراض' },
  orthopaedics: { en: 'Orthopaedics', ur: 'ہڈیوں اور جوڑوں کے امراض' },
  neurology: { en: 'Neurology', ur: 'امراضِ اعصاب' },
  pulmonology: { en: 'Pulmonology', ur: 'امراضِ سینہ' },
  nephrology: { en: 'Nephrology', ur: 'امراضِ گردہ' },
  gastroenterology: { en: 'Gastroenterology', ur: 'امراضِ معدہ و جگر' },
  'general-surgery': { en: 'General Surgery', ur: 'عمومی جراحی (جنرل سرجری)' },
  radiology: { en: 'Radiology', ur: 'ریڈیالوجی' },
  pathology: { en: 'Pathology', ur: 'علم الامراض (پیتھالوجی)' },
};

/** Whether `code` is one of SPECIALTY_CODES (exact, case-sensitive). */
export function isKnownSpecialty(code: unknown): code is SpecialtyCode {
  return typeof code === 'string' && KNOWN.has(code);
}
