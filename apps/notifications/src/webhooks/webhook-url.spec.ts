import { AddressPolicy } from './address-policy';
import type { Resolver } from './outbound-address';
import { webhookUrlProblem } from './webhook-url';

const dns: Record<string, string[]> = {
  'his.shifa.example.pk': ['203.128.1.10', '2a00:1450:4018:80a::200e'],
  'rebind.example.pk': ['203.128.1.11', '10.0.0.7'],
  'metadata.example.pk': ['169.254.169.254'],
  'mapped.example.pk': ['::ffff:127.0.0.1'],
  'receiver.local': ['192.168.10.20'],
};
const resolve: Resolver = async (host) => {
  const addresses = dns[host];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};
const rules = (production = false, allow = '') => ({
  production,
  policy: AddressPolicy.parse(allow)!,
  resolve,
});

describe('webhook URLs at registration', () => {
  it('accepts https to public hosts, and http outside production only', async () => {
    expect(await webhookUrlProblem('https://his.shifa.example.pk/hooks?v=1', rules(true))).toBeNull();
    expect(await webhookUrlProblem('http://his.shifa.example.pk/hooks', rules(false))).toBeNull();
    expect(await webhookUrlProblem('http://his.shifa.example.pk/hooks', rules(true))).toBe(
      'url must use https',
    );
    expect(await webhookUrlProblem('ftp://his.shifa.example.pk/', rules(false))).toMatch(/https or http/);
  });

  it.each([
    ['http://127.0.0.1:8080/', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://[::ffff:7f00:1]/', 'loopback'],
    ['http://2130706433/', 'loopback'], // 127.0.0.1 written as one number
    ['http://0x7f.1/', 'loopback'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://metadata.example.pk/', 'link-local'],
    ['http://mapped.example.pk/', 'loopback'],
    ['http://rebind.example.pk/', 'private'], // one private answer is enough
    ['http://10.1.2.3/', 'private'],
    ['http://100.100.1.1/', 'cgnat'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://[fd00::1]/', 'unique-local'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://224.0.0.251/', 'multicast'],
  ])('refuses %s (%s)', async (url, kind) => {
    expect(await webhookUrlProblem(url, rules())).toContain(`a ${kind} address`);
  });

  it('refuses hosts that do not resolve, credentials and fragments', async () => {
    expect(await webhookUrlProblem('https://nowhere.invalid/', rules())).toBe(
      "url's host nowhere.invalid does not resolve",
    );
    expect(await webhookUrlProblem('https://user:pw@his.shifa.example.pk/', rules())).toMatch(
      /user name or password/,
    );
    expect(await webhookUrlProblem('https://his.shifa.example.pk/#x', rules())).toMatch(/fragment/);
    expect(await webhookUrlProblem('not a url', rules())).toMatch(/http\(s\) URL/);
  });

  it('lets the operator allow private hosts by name, address or range', async () => {
    expect(await webhookUrlProblem('http://receiver.local/hooks', rules(false, 'receiver.local'))).toBeNull();
    expect(
      await webhookUrlProblem('http://receiver.local/hooks', rules(false, '192.168.10.0/24')),
    ).toBeNull();
    expect(await webhookUrlProblem('http://127.0.0.1:9000/', rules(false, '127.0.0.1'))).toBeNull();
    expect(await webhookUrlProblem('http://[::ffff:127.0.0.1]:9000/', rules(false, '127.0.0.1'))).toBeNull();
    expect(await webhookUrlProblem('http://127.0.0.2/', rules(false, '127.0.0.1'))).toContain('loopback');
  });
});
