import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { AddressClass, AddressPolicy } from './address-policy';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Name resolution as the operating system does it (hosts file, DNS). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, order: 'verbatim' })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

/** The host is, or resolves to, an address webhooks may not reach. */
export class AddressRefusedError extends Error {
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly kind: Exclude<AddressClass, 'public'>,
  ) {
    super(`${hostname} is a ${kind} address (${address})`);
    this.name = 'AddressRefusedError';
  }
}

export const bareHostname = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * The addresses a webhook to `hostname` may connect to: all of them when the operator allowed the host
 * by name; otherwise the host (an IP, or every address it resolves to) must be public or allowed —
 * one refused address refuses the host. The caller connects to exactly these addresses, so a DNS
 * answer that changes between check and connection (rebinding) cannot slip a private one in.
 * @throws AddressRefusedError, or the resolver's error when the name does not resolve.
 */
export async function reachableAddresses(
  hostname: string,
  policy: AddressPolicy,
  resolve: Resolver,
): Promise<ResolvedAddress[]> {
  const host = bareHostname(hostname);
  const family = isIP(host);
  const addresses: ResolvedAddress[] = family
    ? [{ address: host, family: family as 4 | 6 }]
    : await resolve(host);
  if (addresses.length === 0) throw Object.assign(new Error(`${host} has no address`), { code: 'ENOTFOUND' });
  if (policy.allowsHost(host)) return addresses;
  for (const { address } of addresses) {
    const refusal = policy.refusal(address);
    if (refusal) throw new AddressRefusedError(host, address, refusal);
  }
  return addresses;
}
