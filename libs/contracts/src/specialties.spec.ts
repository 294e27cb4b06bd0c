import { isKnownSpecialty, SPECIALTY_CODES } from './specialties';

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
});
