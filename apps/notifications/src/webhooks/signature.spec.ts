import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { generateSecret, secretKey, sign, signatureHeader } from './signature';

describe('webhook signatures (Standard Webhooks 1.0)', () => {
  const id = 'b3a7d5e9-2c6f-4018-9d4b-8e1c7a3f5b60';
  const body = JSON.stringify({
    type: 'referral.claimed',
    timestamp: '2025-03-03T11:02:41.318Z',
    data: { referralId: '9e4c2f71-5a8b-4d36-a0e9-7b1f3d6c8a25', status: 'received', stage: 'claimed' },
  });
  const now = () => Math.floor(Date.now() / 1000);
  const headers = (signature: string, timestamp = now(), webhookId = id) => ({
    'webhook-id': webhookId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signature,
  });

  it('makes whsec_ secrets of 24 to 64 random bytes, 32 by default', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(secretKey(secret)).toHaveLength(32);
    expect(secretKey(generateSecret(24))).toHaveLength(24);
    expect(secretKey(generateSecret(64))).toHaveLength(64);
    expect(generateSecret()).not.toBe(secret);
    expect(() => generateSecret(16)).toThrow(RangeError);
  });

  it('signs so that the standardwebhooks library verifies, and gives back the payload', () => {
    const secret = generateSecret();
    const signature = sign(secret, id, now(), body);
    expect(signature).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(secret).verify(body, headers(signature))).toEqual(JSON.parse(body));
  });

  it('signs an empty body (a payload-less FHIR rest-hook notification) so that it verifies as empty, and only as empty', () => {
    const secret = generateSecret();
    const signature = signatureHeader([secret], id, now(), '');
    expect(new Webhook(secret).verify('', headers(signature))).toBeUndefined();
    expect(() => new Webhook(secret).verify(body, headers(signature))).toThrow(WebhookVerificationError);
    expect(signature).not.toBe(signatureHeader([secret], id, now(), body));
  });

  it('matches the specification’s published example', () => {
    // standard-webhooks/spec: the JavaScript library's README example.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    expect(sign(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('refuses to sign with a secret that is not whsec_ (the package would take its bare base64)', () => {
    expect(() => sign('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', id, now(), body)).toThrow(/whsec_/);
  });

  it('fails verification with another secret, another id, another body or an old timestamp', () => {
    const secret = generateSecret();
    const signature = sign(secret, id, now(), body);
    const verify =
      (s: string, h: Record<string, string>, b = body) =>
      () =>
        new Webhook(s).verify(b, h);
    expect(verify(generateSecret(), headers(signature))).toThrow(WebhookVerificationError);
    expect(verify(secret, headers(signature, now(), 'another-id'))).toThrow(WebhookVerificationError);
    expect(verify(secret, headers(signature), body.replace('claimed', 'released'))).toThrow(
      WebhookVerificationError,
    );
    const old = now() - 600;
    expect(verify(secret, headers(sign(secret, id, old, body), old))).toThrow(/too old/);
  });

  it('carries one signature per secret during a rotation, each verifiable on its own', () => {
    const [current, previous] = [generateSecret(), generateSecret()];
    const timestamp = now();
    const header = signatureHeader([current, previous], id, timestamp, body);
    expect(header.split(' ')).toEqual([
      sign(current, id, timestamp, body),
      sign(previous, id, timestamp, body),
    ]);
    expect(new Webhook(current).verify(body, headers(header, timestamp))).toBeTruthy();
    expect(new Webhook(previous).verify(body, headers(header, timestamp))).toBeTruthy();
    expect(() => new Webhook(generateSecret()).verify(body, headers(header, timestamp))).toThrow(
      WebhookVerificationError,
    );
  });
});
