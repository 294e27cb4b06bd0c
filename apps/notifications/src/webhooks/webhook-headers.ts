import type { WebhookHeader } from '@referral/contracts';
import type { SecretCipher } from './secret-cipher';

/**
 * What the cipher binds an endpoint's headers to: the endpoint, and that they are its headers, so that
 * the ciphertext of its signing secret cannot stand in for them (nor theirs for the secret's).
 */
const headersBinding = (endpointId: string) => `${endpointId}/headers`;

/**
 * An endpoint's own headers as stored (FHIR R4 `channel.header`, e.g. the receiver's `Authorization`):
 * the names in the clear, for reads, and the pairs encrypted like the signing secret, since values
 * are secrets. No headers: no ciphertext.
 */
export function sealHeaders(
  cipher: SecretCipher,
  endpointId: string,
  headers: readonly WebhookHeader[],
): { headerNames: string[]; headersCiphertext: string | null } {
  if (headers.length === 0) return { headerNames: [], headersCiphertext: null };
  const pairs = headers.map(({ name, value }) => [name, value]);
  return {
    headerNames: headers.map((header) => header.name),
    headersCiphertext: cipher.encrypt(JSON.stringify(pairs), headersBinding(endpointId)),
  };
}

/**
 * The headers to send, by name, from what `sealHeaders` stored.
 * @throws when the key is unknown or the text was altered or belongs to another endpoint.
 */
export function openHeaders(
  cipher: SecretCipher,
  endpointId: string,
  ciphertext: string | null,
): Record<string, string> {
  if (ciphertext === null) return {};
  const pairs = JSON.parse(cipher.decrypt(ciphertext, headersBinding(endpointId))) as [string, string][];
  return Object.fromEntries(pairs);
}
