import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsPakistaniMobile, normalizePakistaniMobile } from './phone';

class Contact {
  @IsPakistaniMobile()
  phone: string;
}

describe('Pakistani mobile numbers', () => {
  it.each([
    ['0300-1234567', '+923001234567'],
    ['03001234567', '+923001234567'],
    ['+92 345 7654321', '+923457654321'],
    ['+923457654321', '+923457654321'],
    ['+92-312-1112223', '+923121112223'],
    ['  0333 9998887 ', '+923339998887'],
  ])('normalises %s to %s', (text, e164) => {
    expect(normalizePakistaniMobile(text)).toBe(e164);
    const contact = plainToInstance(Contact, { phone: text });
    expect(validateSync(contact)).toEqual([]);
    expect(contact.phone).toBe(e164);
  });

  it.each([
    '051-1234567', // a landline
    '0300-123456', // a digit short
    '0300-12345678', // a digit long
    '+44 7700 900123', // not Pakistani
    '0092 300 1234567',
    '3001234567',
    '+92 0300 1234567',
    '0300–1234567', // an en dash
    '',
  ])('refuses %j', (text) => {
    expect(normalizePakistaniMobile(text)).toBeNull();
    const [error] = validateSync(plainToInstance(Contact, { phone: text }));
    expect(error.constraints).toEqual({
      matches: 'phone must be a Pakistani mobile number: 03xx-xxxxxxx or +92 3xx xxxxxxx',
    });
  });

  // Since libphonenumber-js holds the numbering plan: the right shape is not enough, the range must be
  // one that Pakistani operators hold for mobiles (03xx with no operator was accepted before).
  it.each(['0380-1234567', '+92 350 1234567', '+923381234567'])(
    'refuses %j, a range no mobile operator holds',
    (text) => {
      expect(normalizePakistaniMobile(text)).toBeNull();
      const [error] = validateSync(plainToInstance(Contact, { phone: text }));
      expect(error.constraints).toEqual({
        matches: 'phone must be a Pakistani mobile number: 03xx-xxxxxxx or +92 3xx xxxxxxx',
      });
    },
  );

  it('refuses a landline written in E.164', () => {
    expect(normalizePakistaniMobile('+92511234567')).toBeNull();
    expect(validateSync(plainToInstance(Contact, { phone: '+92511234567' }))).toHaveLength(1);
  });

  it('refuses a number where a string belongs', () => {
    expect(validateSync(plainToInstance(Contact, { phone: 3001234567 }))).toHaveLength(1);
  });
});
