import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

const PREFIX = 'whsec_';

/** A Standard Webhooks signing secret: `whsec_` + base64 of `bytes` random bytes (24–64; 32 by default). */
export function generateSecret(bytes = 32): string {
  if (bytes < 24 || bytes > 64) throw new RangeError('a webhook secret has 24 to 64 bytes');
  return `${PREFIX}${randomBytes(bytes).toString('base64')}`;
}

/** The HMAC key of a secret: the base64 after `whsec_`. */
export function secretKey(secret: string): Buffer {
  if (!secret.startsWith(PREFIX)) throw new Error('a webhook secret starts with whsec_');
  return Buffer.from(secret.slice(PREFIX.length), 'base64');
}

/**
 * `v1,` + base64 HMAC-SHA256 of `id.timestamp.body` (Standard Webhooks 1.0, symmetric signature),
 * computed by the `standardwebhooks` package, the one receivers verify with.
 */
export function sign(secret: string, webhookId: string, timestampSeconds: number, body: string): string {
  // The package takes a secret without its prefix too; ours always has it, anything else is a bug.
  secretKey(secret);
  return new Webhook(secret).sign(webhookId, new Date(timestampSeconds * 1000), body);
}

/**
 * The `webhook-signature` header: one signature per secret, space-separated — the current secret's
 * first, then the previous one's while a rotation window is open.
 */
export function signatureHeader(
  secrets: readonly string[],
  webhookId: string,
  timestampSeconds: number,
  body: string,
): string {
  return secrets.map((secret) => sign(secret, webhookId, timestampSeconds, body)).join(' ');
}
