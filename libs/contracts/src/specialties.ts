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

/** Whether `code` is one of SPECIALTY_CODES (exact, case-sensitive). */
export function isKnownSpecialty(code: unknown): code is SpecialtyCode {
  return typeof code === 'string' && KNOWN.has(code);
}
