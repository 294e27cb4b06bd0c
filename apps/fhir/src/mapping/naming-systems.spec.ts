import { NAMING_SYSTEMS_DATE, namingSystems } from './naming-systems';
import { SYSTEMS } from './systems';

describe('namingSystems', () => {
  const all = namingSystems();

  it('defines every identifier system we use, each active, of kind identifier, by its URI', () => {
    const identifierSystems = Object.values(SYSTEMS).filter((uri) => uri.includes('/NamingSystem/'));
    expect(all.map((ns) => ns.uniqueId[0].value).sort()).toEqual([...identifierSystems].sort());
    for (const ns of all) {
      expect(ns).toMatchObject({ resourceType: 'NamingSystem', status: 'active', kind: 'identifier' });
      expect(ns.date).toBe(NAMING_SYSTEMS_DATE);
      expect(ns.uniqueId).toEqual([{ type: 'uri', value: expect.any(String), preferred: true }]);
      expect(ns.uniqueId[0].value.endsWith(`/NamingSystem/${ns.id}`)).toBe(true);
      expect(ns).not.toHaveProperty('url'); // R5 only
    }
  });

  it('types the PMDC number as a medical licence number issued by PMDC', () => {
    expect(all.find((ns) => ns.id === 'pmdc-number')).toMatchObject({
      responsible: 'Pakistan Medical and Dental Council',
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MD' }] },
    });
  });
});
