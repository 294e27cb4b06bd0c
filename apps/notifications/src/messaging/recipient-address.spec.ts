import { emailAddress, recipientFilter, smsAddress } from './recipient-address';

describe('recipient addresses', () => {
  it.each([
    ['0300-1234567', '+923001234567'],
    ['03001234567', '+923001234567'],
    ['+92 300 1234567', '+923001234567'],
    [' +923001234567 ', '+923001234567'],
    ['+44 7700 900123', '+447700900123'],
  ])('texts %p at %p', (phone, address) => {
    expect(smsAddress(phone)).toEqual({ address });
  });

  it.each([
    [undefined, 'no-phone'],
    [null, 'no-phone'],
    ['', 'no-phone'],
    ['   ', 'no-phone'],
    ['12345', 'invalid-phone'],
    ['0300-123456', 'invalid-phone'],
    ['call me', 'invalid-phone'],
  ])('does not text %p: %s', (phone, skip) => {
    expect(smsAddress(phone)).toEqual({ skip });
  });

  it.each([
    ['Dr.Ayesha@Clinic.Example.pk', 'dr.ayesha@clinic.example.pk'],
    [' nurse@rhu-chakwal.example.pk ', 'nurse@rhu-chakwal.example.pk'],
  ])('writes to %p as %p', (email, address) => {
    expect(emailAddress(email)).toEqual({ address });
  });

  it.each([
    [undefined, 'no-email'],
    ['', 'no-email'],
    ['not-an-address', 'invalid-email'],
    ['a@b', 'invalid-email'],
    ['Ayesha <a@b.pk>', 'invalid-email'],
    ['a@b.pk, c@d.pk', 'invalid-email'],
    ['a@b.pk\r\nBcc: c@d.pk', 'invalid-email'],
  ])('does not write to %p: %s', (email, skip) => {
    expect(emailAddress(email)).toEqual({ skip });
  });

  it('filters the admin list by the stored form of a phone or address', () => {
    expect(recipientFilter('0300 1234567')).toBe('+923001234567');
    expect(recipientFilter('Dr.Ayesha@Clinic.Example.pk')).toBe('dr.ayesha@clinic.example.pk');
    expect(recipientFilter('+447700900123')).toBe('+447700900123');
  });
});
