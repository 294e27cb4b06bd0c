import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreatePatientRequest, FindPatientsQuery, maskCnic, normalizeCnic } from './patients';

// Synthetic numbers throughout: none belongs to a real person.
describe('CNIC and B-Form numbers', () => {
  it.each([
    ['35202-1234567-3', '3520212345673'],
    ['3520212345673', '3520212345673'],
    ['  42101-7654321-9 ', '4210176543219'],
    ['10000-0000000-0', '1000000000000'],
    ['7999999999999', '7999999999999'],
  ])('normalises %j to %s', (text, digits) => {
    expect(normalizeCnic(text)).toBe(digits);
    const query = plainToInstance(FindPatientsQuery, { cnic: text });
    expect(validateSync(query)).toEqual([]);
    expect(query.cnic).toBe(digits);
  });

  it.each([
    ['a wrong pattern', '352021-234567-3'],
    ['one dash only', '35202-12345673'],
    ['first digit 0', '05202-1234567-3'],
    ['first digit 8', '85202-1234567-3'],
    ['first digit 9', '9520212345673'],
    ['12 digits', '352021234567'],
    ['14 digits', '35202123456731'],
    ['letters', '35202-12345A7-3'],
    ['spaces instead of dashes', '35202 1234567 3'],
    ['an en dash', '35202–1234567–3'],
    ['empty', ''],
  ])('refuses %s without echoing it', (_, text) => {
    expect(normalizeCnic(text)).toBeNull();
    const [error] = validateSync(plainToInstance(FindPatientsQuery, { cnic: text }));
    expect(error.constraints).toEqual({
      matches: 'cnic must be a CNIC or B-Form number: #####-#######-# or 13 digits, the first digit 1 to 7',
    });
  });

  it('refuses a number that is not a string', () => {
    expect(validateSync(plainToInstance(FindPatientsQuery, { cnic: 3520212345673 }))).toHaveLength(1);
  });

  it('masks all but the last digit', () => {
    expect(maskCnic('3')).toBe('*****-*******-3');
  });
});

describe('CreatePatientRequest', () => {
  const valid = { name: ' Bibi Zainab ', sex: 'female', ageYears: 36 };

  it('accepts a patient with an age and nothing optional, the name trimmed', () => {
    const request = plainToInstance(CreatePatientRequest, valid);
    expect(validateSync(request)).toEqual([]);
    expect(request.name).toBe('Bibi Zainab');
  });

  it('normalises the CNIC and the phone', () => {
    const request = plainToInstance(CreatePatientRequest, {
      ...valid,
      cnic: '35202-1234567-3',
      phone: '0300-1234567',
    });
    expect(validateSync(request)).toEqual([]);
    expect(request).toMatchObject({ cnic: '3520212345673', phone: '+923001234567' });
  });

  it.each([
    ['an unknown sex', { sex: 'f' }, 'sex'],
    ['an impossible birth date', { birthDate: '1990-02-30' }, 'birthDate'],
    ['a negative age', { ageYears: -1 }, 'ageYears'],
    ['an age over 130', { ageYears: 131 }, 'ageYears'],
    ['a landline', { phone: '051-1234567' }, 'phone'],
    ['an empty name', { name: '  ' }, 'name'],
    ['a null CNIC', { cnic: null }, 'cnic'],
  ])('refuses %s', (_, change, field) => {
    const errors = validateSync(plainToInstance(CreatePatientRequest, { ...valid, ...change }));
    expect(errors.map((e) => e.property)).toEqual([field]);
  });
});
