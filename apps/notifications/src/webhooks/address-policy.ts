import { isIPv4, isIPv6 } from 'node:net';
import ipaddr from 'ipaddr.js';

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

/** A parsed IPv4 or IPv6 address (ipaddr.js). */
export type ParsedIp = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * An IPv4 or IPv6 address (brackets and an IPv6 zone id are accepted and dropped), or null. Only the
 * forms Node's `net` takes: ipaddr.js alone also reads `127.1`, octal and hex IPv4, which a URL parser
 * or resolver may read otherwise.
 */
export function parseIp(text: string): ParsedIp | null {
  const address = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (isIPv4(address)) return ipaddr.IPv4.parse(address);
  if (!isIPv6(address)) return null;
  // A trailing dotted quad becomes two groups first: ipaddr.js reads `::a.b.c.d` (IPv4-compatible, a
  // reserved form) as if it were `::ffff:a.b.c.d` (IPv4-mapped).
  return ipaddr.IPv6.parse(
    address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_quad, a: string, b: string, c: string, d: string) =>
      [((Number(a) << 8) | Number(b)).toString(16), ((Number(c) << 8) | Number(d)).toString(16)].join(':'),
    ),
  );
}

/** The IPv4 address an IPv6 one carries and stands for (IPv4-mapped `::ffff:a.b.c.d`), else the address itself. */
export function unmapIp(ip: ParsedIp): ParsedIp {
  return ip instanceof ipaddr.IPv6 && ip.isIPv4MappedAddress() ? ip.toIPv4Address() : ip;
}

/** RFC 5952 text (`fe80::1`, `::ffff:7f00:1`). */
export const formatIp = (ip: ParsedIp): string => ip.toString();

/**
 * ipaddr.js's range names (RFC 6890 and its updates) as our classes. A name missing here (one a later
 * ipaddr.js adds) is `reserved`: refused until someone decides otherwise.
 */
const IPV4_CLASSES: Record<string, AddressClass> = {
  unicast: 'public',
  unspecified: 'unspecified',
  private: 'private',
  carrierGradeNat: 'cgnat',
  loopback: 'loopback',
  linkLocal: 'link-local',
  multicast: 'multicast',
  broadcast: 'reserved',
};

const IPV6_CLASSES: Record<string, AddressClass> = {
  unicast: 'public',
  unspecified: 'unspecified',
  loopback: 'loopback',
  linkLocal: 'link-local',
  uniqueLocal: 'unique-local',
  multicast: 'multicast',
  deprecatedSiteLocal: 'private',
};

/** Within ipaddr.js's `reserved`, the ranges set aside for documentation (RFC 5737, RFC 3849, RFC 9637). */
const DOCUMENTATION = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32', '3fff::/20'].map(
  (range) => ipaddr.parseCIDR(range),
);
const range = (cidr: string) => ipaddr.IPv6.parseCIDR(cidr);
/** IPv6 forms that carry an IPv4 address: NAT64 (RFC 6052, well-known prefix) and 6to4. */
const NAT64 = range('64:ff9b::/96');
const SIX_TO_FOUR = range('2002::/16');
/** Local-use NAT64 (RFC 8215): addresses behind it are the operator's own. */
const LOCAL_NAT64 = range('64:ff9b:1::/48');
/** Global unicast: ipaddr.js calls everything it does not name `unicast`, even outside it. */
const GLOBAL_UNICAST = range('2000::/3');

const inRange = (ip: ParsedIp, [network, bits]: [ParsedIp, number]) =>
  ip.kind() === network.kind() && ip.match(network, bits);

/**
 * The class of an address. IPv6 forms that carry an IPv4 address (IPv4-mapped, NAT64 `64:ff9b::/96`,
 * 6to4 `2002::/16`) are judged by that IPv4 address. Not an IP: null.
 */
export function classifyAddress(address: string | ParsedIp): AddressClass | null {
  const ip = typeof address === 'string' ? parseIp(address) : address;
  if (!ip) return null;
  if (DOCUMENTATION.some((documentation) => inRange(ip, documentation))) return 'documentation';
  if (ip instanceof ipaddr.IPv4) return IPV4_CLASSES[ip.range()] ?? 'reserved';
  if (ip.isIPv4MappedAddress()) return classifyAddress(ip.toIPv4Address());
  const bytes = ip.toByteArray();
  if (inRange(ip, NAT64)) return classifyAddress(ipaddr.fromByteArray(bytes.slice(12)));
  if (inRange(ip, SIX_TO_FOUR)) return classifyAddress(ipaddr.fromByteArray(bytes.slice(2, 6)));
  if (inRange(ip, LOCAL_NAT64)) return 'private';
  const kind = IPV6_CLASSES[ip.range()] ?? 'reserved';
  return kind === 'public' && !inRange(ip, GLOBAL_UNICAST) ? 'reserved' : kind;
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
    private readonly ranges: readonly [ParsedIp, number][],
  ) {}

  static readonly NONE = new AddressPolicy(new Set(), []);

  /** A comma-separated allow-list; null when an entry is neither a host name, an IP, nor a CIDR range. */
  static parse(list: string | undefined): AddressPolicy | null {
    const hosts = new Set<string>();
    const ranges: [ParsedIp, number][] = [];
    for (const raw of (list ?? '').split(',')) {
      const entry = raw.trim().toLowerCase();
      if (!entry) continue;
      const [address, prefix, extra] = entry.split('/');
      const ip = parseIp(address);
      if (ip) {
        const max = ip.kind() === 'ipv4' ? 32 : 128;
        const bits = prefix === undefined ? max : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
        if (extra !== undefined || !(bits >= 0 && bits <= max)) return null;
        const unmapped = unmapIp(ip);
        // An IPv4-mapped range (`::ffff:192.168.0.0/112`) is its IPv4 range (`192.168.0.0/16`).
        ranges.push([unmapped, unmapped === ip ? bits : Math.max(0, bits - 96)]);
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
    return this.ranges.some((range) => inRange(unmapped, range)) ? null : kind;
  }
}
