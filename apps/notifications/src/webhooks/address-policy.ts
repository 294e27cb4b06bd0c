import { isIPv4, isIPv6 } from 'node:net';

/** What kind of address an IP is; only `public` ones may receive webhooks unless the operator allowed them. */
export type AddressClass =
  | 'public'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'unique-local'
  | 'cgnat'
  | 'multicast'
  | 'unspecified'
  | 'documentation'
  | 'reserved';

export interface ParsedIp {
  version: 4 | 6;
  /** 4 or 16 bytes, network order. */
  bytes: Uint8Array;
}

/** An IPv4 or IPv6 address (brackets and an IPv6 zone id are accepted and dropped), or null. */
export function parseIp(text: string): ParsedIp | null {
  const address = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (isIPv4(address)) return { version: 4, bytes: Uint8Array.from(address.split('.').map(Number)) };
  if (!isIPv6(address)) return null;
  let text6 = address;
  // A trailing dotted quad (::ffff:127.0.0.1, 64:ff9b::10.0.0.1) becomes two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text6);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text6 = `${text6.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text6.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const fill = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  const all = [...left, ...fill, ...right];
  if (all.length !== 8) return null;
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    const value = parseInt(group, 16);
    bytes[2 * i] = value >> 8;
    bytes[2 * i + 1] = value & 0xff;
  });
  return { version: 6, bytes };
}

/** The IPv4 address an IPv6 one carries and stands for (IPv4-mapped `::ffff:a.b.c.d`), else the address itself. */
export function unmapIp(ip: ParsedIp): ParsedIp {
  if (ip.version === 6 && startsWith(ip, MAPPED)) return { version: 4, bytes: ip.bytes.slice(12) };
  return ip;
}

export function formatIp(ip: ParsedIp): string {
  if (ip.version === 4) return ip.bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((ip.bytes[i] << 8) | ip.bytes[i + 1]).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

interface Cidr {
  version: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
}

function cidr(text: string): Cidr {
  const [address, prefix] = text.split('/');
  const ip = parseIp(address)!;
  return { ...ip, prefix: Number(prefix) };
}

function inCidr(ip: ParsedIp, range: Cidr): boolean {
  if (ip.version !== range.version) return false;
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((ip.bytes[i] & mask) !== (range.bytes[i] & mask)) return false;
  }
  return true;
}

const startsWith = (ip: ParsedIp, range: Cidr) => inCidr(ip, range);
const MAPPED = cidr('::ffff:0:0/96');

/** IPv4 special-purpose ranges (RFC 6890 and its updates); anything else is public. */
const IPV4_RANGES: [string, AddressClass][] = [
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'cgnat'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', 'reserved'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'reserved'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'], // and 255.255.255.255, the broadcast address
];

/** IPv6 ranges that are not plain global unicast; outside 2000::/3 everything is reserved. */
const IPV6_RANGES: [string, AddressClass][] = [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::/96', 'reserved'], // IPv4-compatible (deprecated)
  ['64:ff9b:1::/48', 'private'], // local-use NAT64
  ['100::/64', 'reserved'], // discard
  ['2001::/32', 'reserved'], // Teredo: the IPv4 behind it is hidden
  ['2001:db8::/32', 'documentation'],
  ['2001::/23', 'reserved'], // IETF protocol assignments
  ['fc00::/7', 'unique-local'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'private'], // site-local (deprecated)
  ['ff00::/8', 'multicast'],
];
const IPV4_TABLE = IPV4_RANGES.map(([range, kind]) => [cidr(range), kind] as const);
const IPV6_TABLE = IPV6_RANGES.map(([range, kind]) => [cidr(range), kind] as const);
const NAT64 = cidr('64:ff9b::/96');
const SIX_TO_FOUR = cidr('2002::/16');
const GLOBAL_UNICAST = cidr('2000::/3');

/**
 * The class of an address. IPv6 forms that carry an IPv4 address (IPv4-mapped, NAT64 `64:ff9b::/96`,
 * 6to4 `2002::/16`) are judged by that IPv4 address. Not an IP: null.
 */
export function classifyAddress(address: string | ParsedIp): AddressClass | null {
  const ip = typeof address === 'string' ? parseIp(address) : address;
  if (!ip) return null;
  if (ip.version === 4) return IPV4_TABLE.find(([range]) => inCidr(ip, range))?.[1] ?? 'public';
  if (inCidr(ip, MAPPED) || inCidr(ip, NAT64))
    return classifyAddress({ version: 4, bytes: ip.bytes.slice(12) });
  if (inCidr(ip, SIX_TO_FOUR)) return classifyAddress({ version: 4, bytes: ip.bytes.slice(2, 6) });
  const special = IPV6_TABLE.find(([range]) => inCidr(ip, range))?.[1];
  if (special) return special;
  return inCidr(ip, GLOBAL_UNICAST) ? 'public' : 'reserved';
}

const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/**
 * Which outbound addresses webhook deliveries may reach: public ones, and the private ones the
 * operator allowed (`WEBHOOK_ALLOW_PRIVATE_HOSTS`: host names, IP addresses, CIDR ranges).
 */
export class AddressPolicy {
  private constructor(
    private readonly hosts: ReadonlySet<string>,
    private readonly ranges: readonly Cidr[],
  ) {}

  static readonly NONE = new AddressPolicy(new Set(), []);

  /** A comma-separated allow-list; null when an entry is neither a host name, an IP, nor a CIDR range. */
  static parse(list: string | undefined): AddressPolicy | null {
    const hosts = new Set<string>();
    const ranges: Cidr[] = [];
    for (const raw of (list ?? '').split(',')) {
      const entry = raw.trim().toLowerCase();
      if (!entry) continue;
      const [address, prefix, extra] = entry.split('/');
      const ip = parseIp(address);
      if (ip) {
        const max = ip.version === 4 ? 32 : 128;
        const bits = prefix === undefined ? max : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
        if (extra !== undefined || !(bits >= 0 && bits <= max)) return null;
        const unmapped = unmapIp(ip);
        ranges.push({ ...unmapped, prefix: bits - (ip.version === 6 && unmapped.version === 4 ? 96 : 0) });
      } else if (prefix === undefined && HOSTNAME.test(entry.replace(/\.$/, ''))) {
        hosts.add(entry.replace(/\.$/, ''));
      } else {
        return null;
      }
    }
    return new AddressPolicy(hosts, ranges);
  }

  /** The operator named this host: any address it resolves to may be reached. */
  allowsHost(hostname: string): boolean {
    return this.hosts.has(
      hostname
        .replace(/^\[(.*)\]$/, '$1')
        .replace(/\.$/, '')
        .toLowerCase(),
    );
  }

  /** Null when the address may be reached; otherwise its class (why not). Not an IP: `reserved`. */
  refusal(address: string): Exclude<AddressClass, 'public'> | null {
    const ip = parseIp(address);
    if (!ip) return 'reserved';
    const kind = classifyAddress(ip)!;
    if (kind === 'public') return null;
    const unmapped = unmapIp(ip);
    return this.ranges.some((range) => inCidr(unmapped, range)) ? null : kind;
  }
}
