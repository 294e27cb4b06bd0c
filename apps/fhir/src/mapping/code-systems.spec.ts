import { toSpecialtyCodeSystem } from './code-systems';
import { SYSTEMS } from './systems';

describe('toSpecialtyCodeSystem', () => {
  it('lists every specialty with its English display and its Urdu designation', () => {
    const system = toSpecialtyCodeSystem([
      { code: 'cardiology', nameEn: 'Cardiology', nameUr: 'امراضِ قلب' },
      { code: 'dermatology', nameEn: 'Dermatology', nameUr: 'امراضِ جلد' },
    ]);
    expect(system).toMatchObject({
      resourceType: 'CodeSystem',
      url: SYSTEMS.specialty,
      status: 'active',
      content: 'complete',
      count: 2,
    });
    expect(system.concept).toEqual([
      { code: 'cardiology', display: 'Cardiology', designation: [{ language: 'ur', value: 'امراضِ قلب' }] },
      { code: 'dermatology', display: 'Dermatology', designation: [{ language: 'ur', value: 'امراضِ جلد' }] },
    ]);
  });
});
