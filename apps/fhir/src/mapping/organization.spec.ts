import { toOrganization } from './organization';
import { organization } from './test/directory';
import { SYSTEMS } from './systems';

describe('toOrganization', () => {
  it('carries our id, name, kind, district and province, whether it takes part, and its phone', () => {
    expect(toOrganization(organization())).toEqual({
      resourceType: 'Organization',
      id: '7d9f3a10-0c5e-4c2b-9e61-3f0a5b8d2c01',
      meta: { lastUpdated: '2026-11-20T05:00:00.000Z' },
      identifier: [{ system: SYSTEMS.organizationId, value: '7d9f3a10-0c5e-4c2b-9e61-3f0a5b8d2c01' }],
      active: true,
      type: [
        {
          coding: [
            { system: SYSTEMS.organizationKind, code: 'clinic', display: 'Clinic' },
            {
              system: 'http://terminology.hl7.org/CodeSystem/organization-type',
              code: 'prov',
              display: 'Healthcare Provider',
            },
          ],
        },
      ],
      name: 'Rural Health Centre Choa Saidan Shah',
      telecom: [{ system: 'phone', value: '+923001234567', use: 'work' }],
      address: [{ use: 'work', district: 'Chakwal', state: 'Punjab', country: 'PK' }],
    });
  });

  it('has no telecom without a phone, and says when it no longer takes part', () => {
    const org = toOrganization(
      organization({ phone: null, active: false, kind: 'partner', province: 'khyber-pakhtunkhwa' }),
    );
    expect(org.telecom).toBeUndefined();
    expect(org.active).toBe(false);
    expect(org.address?.[0].state).toBe('Khyber Pakhtunkhwa');
    expect(org.type?.[0].coding?.[0]).toEqual({
      system: SYSTEMS.organizationKind,
      code: 'partner',
      display: 'Partner hospital',
    });
  });
});
