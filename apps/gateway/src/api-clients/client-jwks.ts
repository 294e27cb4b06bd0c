import { createPublicKey, type JsonWebKey } from 'node:crypto';
import {
  CLIENT_ASSERTION_ALGORITHMS,
  KEY_OF_ALGORITHM,
  type ClientAssertionAlgorithm,
} from '../auth/client-assertion-algorithms';

/** A public key a client registers to sign its assertions with (RFC 7517), as stored and shown. */
export interface ClientJwk {
  kty: 'RSA' | 'EC';
  kid: string;
  alg?: ClientAssertionAlgorithm;
  use?: 'sig';
  key_ops?: string[];
  n?: string;
  e?: string;
  crv?: 'P-256' | 'P-384';
  x?: string;
  y?: string;
}

export interface ClientJwks {
  keys: ClientJwk[];
}

/** Enough for a rotation or two in flight; a client with more keys is misconfigured. */
export const MAX_CLIENT_KEYS = 10;
const MIN_RSA_BITS = 2048;
const CURVES = ['P-256', 'P-384'];
/** Members of private (or symmetric) keys: a registration holding one has leaked its secret. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
/** Printable ASCII without spaces: the `kid` of an assertion's header must name it exactly. */
const KID = /^[\x21-\x7e]{1,200}$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** What is wrong with one key; empty when it is a usable public signing key. */
function keyProblems(key: unknown, at: string): string[] {
  if (!isObject(key)) return [`${at} must be a JWK object`];
  const secret = PRIVATE_MEMBERS.filter((member) => member in key);
  if (secret.length) {
    // Never the value: it is the client's private key.
    return [`${at} has private key members (${secret.join(', ')}): register the public key only`];
  }
  const problems: string[] = [];
  if (key.kty !== 'RSA' && key.kty !== 'EC') return [`${at}.kty must be RSA or EC`];
  if (typeof key.kid !== 'string' || !KID.test(key.kid)) {
    problems.push(`${at}.kid must be 1 to 200 printable characters without spaces`);
  }
  if (key.alg !== undefined) {
    const wanted = KEY_OF_ALGORITHM[key.alg as ClientAssertionAlgorithm];
    if (!wanted) problems.push(`${at}.alg must be one of ${CLIENT_ASSERTION_ALGORITHMS.join(', ')}`);
    else if (wanted.kty !== key.kty || (wanted.crv && wanted.crv !== key.crv)) {
      problems.push(
        `${at}.alg ${String(key.alg)} does not fit a ${String(key.kty)} key${key.crv ? ` on ${String(key.crv)}` : ''}`,
      );
    }
  }
  if (key.use !== undefined && key.use !== 'sig') problems.push(`${at}.use must be sig`);
  if (
    key.key_ops !== undefined &&
    (!Array.isArray(key.key_ops) || !key.key_ops.every(isText) || !key.key_ops.includes('verify'))
  ) {
    problems.push(`${at}.key_ops must be strings that include verify`);
  }
  if (key.kty === 'RSA' && !(isText(key.n) && isText(key.e))) problems.push(`${at} needs n and e`);
  if (key.kty === 'EC') {
    if (!CURVES.includes(key.crv as string)) problems.push(`${at}.crv must be P-256 or P-384`);
    else if (!(isText(key.x) && isText(key.y))) problems.push(`${at} needs x and y`);
  }
  if (problems.length) return problems;
  try {
    const imported = createPublicKey({ key: publicMembers(key) as unknown as JsonWebKey, format: 'jwk' });
    const bits = imported.asymmetricKeyDetails?.modulusLength ?? 0;
    if (key.kty === 'RSA' && bits < MIN_RSA_BITS) {
      problems.push(`${at} is an RSA key of ${bits} bits; at least ${MIN_RSA_BITS} are needed`);
    }
  } catch {
    problems.push(`${at} is not a valid ${String(key.kty)} public key`);
  }
  return problems;
}

/** The members of a public signing key, and nothing else of what was sent. */
function publicMembers(key: Record<string, unknown>): ClientJwk {
  const members = ['kty', 'kid', 'alg', 'use', 'key_ops', 'n', 'e', 'crv', 'x', 'y'] as const;
  return Object.fromEntries(
    members.filter((member) => key[member] !== undefined).map((member) => [member, key[member]]),
  ) as unknown as ClientJwk;
}

/**
 * What is wrong with a JWK Set a client registers (empty when nothing is): 1 to MAX_CLIENT_KEYS public
 * RSA (2048 bits or more) or EC (P-256, P-384) signing keys, each with its own `kid`; a key with a
 * private member (`d`, …) is refused, naming the member only.
 */
export function jwksProblems(value: unknown): string[] {
  if (!isObject(value) || !Array.isArray(value.keys)) return ['jwks must be a JWK Set: { "keys": [ … ] }'];
  const keys: unknown[] = value.keys;
  if (keys.length < 1 || keys.length > MAX_CLIENT_KEYS) {
    return [`jwks.keys must hold 1 to ${MAX_CLIENT_KEYS} keys`];
  }
  const problems = keys.flatMap((key, index) => keyProblems(key, `jwks.keys[${index}]`));
  const kids = keys.map((key) => (isObject(key) ? key.kid : undefined));
  const repeated = kids.filter((kid, index) => typeof kid === 'string' && kids.indexOf(kid) !== index);
  if (repeated.length) problems.push(`jwks.keys repeat the kid ${JSON.stringify(repeated[0])}`);
  return problems;
}

/** A JWK Set `jwksProblems` found nothing wrong with, as stored: the public members of each key only. */
export function storedJwks(value: ClientJwks): ClientJwks {
  return { keys: value.keys.map((key) => publicMembers(key as unknown as Record<string, unknown>)) };
}
