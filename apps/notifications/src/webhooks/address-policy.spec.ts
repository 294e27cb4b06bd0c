import { AddressPolicy, classifyAddress, formatIp, parseIp } from './address-policy';

describe('webhook address policy (SSRF)', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['192.0.2.10', 'documentation'],
    ['198.18.0.1', 'reserved'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['198.51.100.7', 'documentation'],
    // Named by ipaddr.js and refused since it decides (public before): AS112 and AMT anycast.
    ['192.175.48.1', 'reserved'],
    ['192.52.193.1', 'reserved'],
  ])('classifies IPv4 %s as %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '203.128.0.1',
    '39.32.1.1',
  ])('lets the public IPv4 %s through', (address) => {
    expect(classifyAddress(address)).toBe('public');
  });

  it.each([
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'], // RFC 9637
    ['fec0::1', 'private'],
    ['100::1', 'reserved'],
    ['4000::1', 'reserved'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'], // Teredo hides its IPv4
    // IPv4-mapped IPv6, in every spelling, is judged by its IPv4 address.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:7f00:0001', 'loopback'],
    ['[::ffff:169.254.169.254]', 'link-local'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:0.0.0.0', 'unspecified'],
    // NAT64 and 6to4 carry an IPv4 address too.
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:c0a8:0101::1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['::127.0.0.1', 'reserved'], // IPv4-compatible (deprecated)
    ['::8.8.8.8', 'reserved'], // ipaddr.js alone reads it as ::ffff:8.8.8.8
    ['64:ff9b:1::a00:1', 'private'], // local-use NAT64
    ['2620:4f:8000::1', 'reserved'], // AS112, named by ipaddr.js: refused since it decides (public before)
    ['2001:3::1', 'reserved'],
    ['2001:2::1', 'reserved'],
  ])('classifies IPv6 %s as %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each([
    '2a00:1450:4018:80a::200e',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('lets the public IPv6 %s through', (address) => {
    expect(classifyAddress(address)).toBe('public');
  });

  it('reads IPv6 with its zero run anywhere, and refuses what is not an address', () => {
    expect(formatIp(parseIp('fe80:0:0:0:0:0:0:1')!)).toBe('fe80::1');
    expect(formatIp(parseIp('::ffff:127.0.0.1')!)).toBe('::ffff:7f00:1');
    expect(parseIp('1::2::3')).toBeNull();
    expect(parseIp('127.1')).toBeNull();
    expect(parseIp('0x7f.0.0.1')).toBeNull(); // ipaddr.js alone reads hex and octal IPv4
    expect(parseIp('0177.0.0.1')).toBeNull();
    expect(formatIp(parseIp('64:ff9b::10.0.0.1')!)).toBe('64:ff9b::a00:1');
    expect(parseIp('example.pk')).toBeNull();
    expect(classifyAddress('localhost')).toBeNull();
  });

  describe('the operator’s allow-list', () => {
    it('allows named addresses and ranges, in IPv4-mapped form too, and nothing else', () => {
      const policy = AddressPolicy.parse(' 127.0.0.1 , 10.1.0.0/16,fd00::/8, Receiver.Local ')!;
      expect(policy.refusal('127.0.0.1')).toBeNull();
      expect(policy.refusal('::ffff:127.0.0.1')).toBeNull();
      expect(policy.refusal('127.0.0.2')).toBe('loopback');
      expect(policy.refusal('10.1.200.3')).toBeNull();
      expect(policy.refusal('10.2.0.1')).toBe('private');
      expect(policy.refusal('fd12::1')).toBeNull();
      expect(policy.refusal('fe80::1')).toBe('link-local');
      expect(policy.refusal('::1')).toBe('loopback');
      expect(policy.refusal('8.8.8.8')).toBeNull();
      expect(policy.allowsHost('receiver.local')).toBe(true);
      expect(policy.allowsHost('RECEIVER.local.')).toBe(true);
      expect(policy.allowsHost('other.local')).toBe(false);
    });

    it('takes an IPv4-mapped range as its IPv4 range', () => {
      const policy = AddressPolicy.parse('::ffff:192.168.0.0/112')!;
      expect(policy.refusal('192.168.3.4')).toBeNull();
      expect(policy.refusal('192.169.0.1')).toBeNull(); // public anyway
      expect(policy.refusal('192.167.0.1')).toBeNull();
      expect(policy.refusal('10.0.0.1')).toBe('private');
    });

    it('refuses everything private when empty', () => {
      for (const list of [undefined, '', ' , ']) {
        const policy = AddressPolicy.parse(list)!;
        expect(policy.refusal('127.0.0.1')).toBe('loopback');
        expect(policy.allowsHost('localhost')).toBe(false);
      }
      expect(AddressPolicy.NONE.refusal('192.168.0.1')).toBe('private');
    });

    it.each([
      '10.0.0.0/33',
      '::1/129',
      '10.0.0.0/8/8',
      'http://127.0.0.1',
      'bad host',
      '127.0.0.1:8080',
      '10.0.0.0/x',
    ])('is malformed with %j', (list) => {
      expect(AddressPolicy.parse(list)).toBeNull();
    });
  });
});
