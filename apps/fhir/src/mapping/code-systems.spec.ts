import {
  DECLINE_REASONS,
  LICENCE_TYPES,
  MESSAGE_KINDS,
  ORGANIZATION_KINDS,
  RECOMMENDATIONS,
  REFERRAL_STAGES,
} from '@referral/contracts';
import { ourCodeSystems, toSpecialtyCodeSystem } from './code-systems';
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

describe('ourCodeSystems', () => {
  const systems = ourCodeSystems();

  it('defines every code system of ours but the specialties, each complete with its codes displayed', () => {
    const ours = Object.values(SYSTEMS).filter(
      (uri) => uri.includes('/CodeSystem/') && uri !== SYSTEMS.specialty,
    );
    expect(systems.map((cs) => cs.url).sort()).toEqual([...ours].sort());
    for (const cs of systems) {
      expect(cs).toMatchObject({ resourceType: 'CodeSystem', status: 'active', content: 'complete' });
      expect(cs.url?.endsWith(`/CodeSystem/${cs.id}`)).toBe(true);
      expect(cs.count).toBe(cs.concept?.length);
      for (const concept of cs.concept ?? []) expect(concept.display).toEqual(expect.any(String));
    }
  });

  it("holds the contract's codes", () => {
    const codes = (url: string) => systems.find((cs) => cs.url === url)?.concept?.map((c) => c.code);
    expect(codes(SYSTEMS.stage)).toEqual([...REFERRAL_STAGES]);
    expect(codes(SYSTEMS.declineReason)).toEqual([...DECLINE_REASONS]);
    expect(codes(SYSTEMS.communicationCategory)).toEqual([...MESSAGE_KINDS, 'consult']);
    expect(codes(SYSTEMS.consultRecommendation)).toEqual([...RECOMMENDATIONS]);
    expect(codes(SYSTEMS.organizationKind)).toEqual([...ORGANIZATION_KINDS]);
    expect(codes(SYSTEMS.licenceType)).toEqual([...LICENCE_TYPES]);
  });
});
