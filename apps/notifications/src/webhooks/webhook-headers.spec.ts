import { randomBytes, randomUUID } from 'node:crypto';
import { SecretCipher } from './secret-cipher';
import { openHeaders, sealHeaders } from './webhook-headers';

describe('an endpoint’s own headers at rest', () => {
  const cipher = new SecretCipher([{ id: 'k1', key: randomBytes(32) }]);
  const endpointId = randomUUID();
  const headers = [
    { name: 'Authorization', value: 'Bearer 7c1e0f52-synthetic-receiver-token' },
    { name: 'X-Hospital-Tenant', value: 'shifa-rawalpindi' },
  ];

  it('keeps the names in the clear and the values only encrypted, bound to the endpoint', () => {
    const sealed = sealHeaders(cipher, endpointId, headers);
    expect(sealed.headerNames).toEqual(['Authorization', 'X-Hospital-Tenant']);
    expect(sealed.headersCiphertext).toMatch(/^k1:/);
    expect(sealed.headersCiphertext).not.toContain('synthetic-receiver-token');
    expect(JSON.stringify(sealed)).not.toContain('shifa-rawalpindi');
    expect(openHeaders(cipher, endpointId, sealed.headersCiphertext)).toEqual({
      Authorization: 'Bearer 7c1e0f52-synthetic-receiver-token',
      'X-Hospital-Tenant': 'shifa-rawalpindi',
    });
  });

  it('cannot be opened for another endpoint, nor passed off as the signing secret (or the secret as them)', () => {
    const sealed = sealHeaders(cipher, endpointId, headers);
    expect(() => openHeaders(cipher, randomUUID(), sealed.headersCiphertext)).toThrow();
    expect(() => cipher.decrypt(sealed.headersCiphertext!, endpointId)).toThrow();
    const secret = cipher.encrypt('whsec_c2VjcmV0', endpointId);
    expect(() => openHeaders(cipher, endpointId, secret)).toThrow();
  });

  it('stores no ciphertext for no headers, and sends none', () => {
    expect(sealHeaders(cipher, endpointId, [])).toEqual({ headerNames: [], headersCiphertext: null });
    expect(openHeaders(cipher, endpointId, null)).toEqual({});
  });
});
