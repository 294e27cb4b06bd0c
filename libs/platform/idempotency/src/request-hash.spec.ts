import { canonicalJson, IDEMPOTENCY_KEY, idempotencyKeyRequired, requestHash } from './request-hash';

describe('canonicalJson', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(canonicalJson([{ y: 1, x: 2 }])).toBe('[{"x":2,"y":1}]');
  });

  it('drops undefined members and gives an empty string for no body', () => {
    expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
    expect(canonicalJson(undefined)).toBe('');
    expect(canonicalJson(null)).toBe('null');
  });
});

describe('requestHash', () => {
  it('is the same for the same body in another key order', () => {
    expect(requestHash('POST', '/v1/referrals', { a: 1, b: { c: 2, d: 3 } })).toBe(
      requestHash('post', '/v1/referrals', { b: { d: 3, c: 2 }, a: 1 }),
    );
  });

  it('differs by method, path, values and array order', () => {
    const base = requestHash('POST', '/v1/referrals', { a: [1, 2] });
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(requestHash('PUT', '/v1/referrals', { a: [1, 2] })).not.toBe(base);
    expect(requestHash('POST', '/v1/queue', { a: [1, 2] })).not.toBe(base);
    expect(requestHash('POST', '/v1/referrals', { a: [2, 1] })).not.toBe(base);
    expect(requestHash('POST', '/v1/referrals', { a: [1, '2'] })).not.toBe(base);
    expect(requestHash('POST', '/v1/referrals', undefined)).not.toBe(
      requestHash('POST', '/v1/referrals', {}),
    );
  });
});

describe('requestHash of a multipart body', () => {
  const form = (boundary: string, bytes: string) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"\r\n\r\n${bytes}\r\n--${boundary}--\r\n`,
    );
  const type = (boundary: string) => `multipart/form-data; boundary=${boundary}`;
  const path = '/v1/case-files/1/attachments';

  it('is the same for the same file under another boundary', () => {
    expect(requestHash('POST', path, form('aaa111', 'PNG-bytes'), type('aaa111'))).toBe(
      requestHash('POST', path, form('zz-9', 'PNG-bytes'), type('zz-9')),
    );
  });

  it('differs when one byte of the file differs', () => {
    expect(requestHash('POST', path, form('aaa111', 'PNG-bytes'), type('aaa111'))).not.toBe(
      requestHash('POST', path, form('aaa111', 'PNG-bytez'), type('aaa111')),
    );
  });
});

describe('IDEMPOTENCY_KEY', () => {
  it('accepts 1 to 255 printable ASCII characters', () => {
    expect(IDEMPOTENCY_KEY.test('a')).toBe(true);
    expect(IDEMPOTENCY_KEY.test('x'.repeat(255))).toBe(true);
    expect(IDEMPOTENCY_KEY.test('key with spaces ~!')).toBe(true);
  });

  it('refuses empty, too long, control and non-ASCII keys', () => {
    expect(IDEMPOTENCY_KEY.test('')).toBe(false);
    expect(IDEMPOTENCY_KEY.test('x'.repeat(256))).toBe(false);
    expect(IDEMPOTENCY_KEY.test('tab\there')).toBe(false);
    expect(IDEMPOTENCY_KEY.test('clé')).toBe(false);
  });
});

describe('idempotencyKeyRequired', () => {
  it('requires a key on the creating POSTs only', () => {
    expect(idempotencyKeyRequired('POST', '/v1/referrals')).toBe(true);
    expect(idempotencyKeyRequired('POST', '/v1/referrals/?x=1')).toBe(true);
    expect(idempotencyKeyRequired('POST', '/v1/case-files')).toBe(true);
    expect(idempotencyKeyRequired('POST', '/v1/patients')).toBe(true);
    expect(idempotencyKeyRequired('POST', '/v1/referrals/123/accept')).toBe(false);
    expect(idempotencyKeyRequired('GET', '/v1/referrals')).toBe(false);
  });
});
