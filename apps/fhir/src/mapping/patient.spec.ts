import { toPatient } from './patient';
import { patient } from './test/case-files';
import { SYSTEMS } from './systems';

describe('toPatient', () => {
  it('carries our id, name, gender, birth date, district, phone and managing organization', () => {
    expect(toPatient(patient())).toEqual({
      resourceType: 'Patient',
      id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      meta: { lastUpdated: '2026-12-02T06:00:00.000Z' },
      identifier: [{ system: SYSTEMS.patientId, value: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' }],
      name: [{ text: 'Bibi Zainab' }],
      telecom: [{ system: 'phone', value: '+923001112233', use: 'mobile' }],
      gender: 'female',
      birthDate: '1988-04-17',
      address: [{ district: 'Chakwal', country: 'PK' }],
      managingOrganization: { reference: 'Organization/7d9f3a10-0c5e-4c2b-9e61-3f0a5b8d2c01' },
    });
  });

  it('never carries the CNIC, not even masked', () => {
    const json = JSON.stringify(toPatient(patient()));
    expect(json).not.toContain('*****');
    expect(json).not.toMatch(/cnic/i);
  });

  it('invents no birth date for a patient registered with an age, and leaves out what we do not hold', () => {
    const aged = toPatient(
      patient({ birthDate: null, ageYears: 36, ageStatedOn: '2026-12-01', district: null, phone: null }),
    );
    expect(aged.birthDate).toBeUndefined();
    expect(aged.address).toBeUndefined();
    expect(aged.telecom).toBeUndefined();
  });

  it.each(['male', 'female', 'other', 'unknown'] as const)(
    'gives sex %s as the same administrative gender',
    (sex) => {
      expect(toPatient(patient({ sex })).gender).toBe(sex);
    },
  );
});
