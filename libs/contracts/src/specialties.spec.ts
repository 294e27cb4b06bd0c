import { isKnownSpecialty, SPECIALTY_CODES, SPECIALTY_NAMES } from './specialties';

describe('specialty codes', () => {
  it('are the 17 kebab-case codes of the contract, each once', () => {
    expect(SPECIALTY_CODES).toHaveLength(17);
    expect(new Set(SPECIALTY_CODES).size).toBe(17);
    for (const code of SPECIALTY_CODES) expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('knows exactly those codes', () => {
    expect(isKnownSpecialty('dermatology')).toBe(true);
    expect(isKnownSpecialty('gynaecology-obstetrics')).toBe(true);
    expect(isKnownSpecialty('Dermatology')).toBe(false);
    expect(isKnownSpecialty('dermatology ')).toBe(false);
    expect(isKnownSpecialty('cardio')).toBe(false);
    expect(isKnownSpecialty('')).toBe(false);
    expect(isKnownSpecialty(undefined)).toBe(false);
    expect(isKnownSpecialty(42)).toBe(false);
  });

  it('name every code in English and in Urdu script (Urdu letters, not their Arabic look-alikes)', () => {
    expect(Object.keys(SPECIALTY_NAMES).sort()).toEqual([...SPECIALTY_CODES].sort());
    for (const code of SPECIALTY_CODES) {
      expect(SPECIALTY_NAMES[code].en).toMatch(/^[A-Z][A-Za-z ,()]+$/);
      expect(SPECIALTY_NAMES[code].ur).toMatch(/^[\u0600-\u06FF][\u0600-\u06FF\s()]*$/);
      expect(SPECIALTY_NAMES[code].ur).not.toMatch(/[\u064A\u0643\u0647]/);
    }
    expect(SPECIALTY_NAMES.dermatology).toEqual({ en: 'Dermatology', ur: 'امراضِ جلد' });
  });
});
