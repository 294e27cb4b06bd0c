import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { AccessTokenClaims } from '@referral/platform-auth';

/**
 * A compact RS256 JWS (RFC 7515) with the key id in its header, signed by jose with the parsed private
 * key the signing-key service keeps.
 */
export function signAccessToken(
  claims: AccessTokenClaims,
  kid: string,
  privateKey: KeyObject,
): Promise<string> {
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(privateKey);
}
