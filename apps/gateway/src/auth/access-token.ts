import { sign, type KeyObject } from 'node:crypto';
import type { AccessTokenClaims } from '@referral/platform-auth';

const base64url = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');

/** A compact RS256 JWS (RFC 7515) with the key id in its header. */
export function signAccessToken(claims: AccessTokenClaims, kid: string, privateKey: KeyObject): string {
  const signingInput = `${base64url({ alg: 'RS256', typ: 'JWT', kid })}.${base64url(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput), privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}
