import type { AddressPolicy } from './address-policy';
import { AddressRefusedError, reachableAddresses, type Resolver } from './outbound-address';

export interface WebhookUrlRules {
  /** NODE_ENV=production: https only. */
  production: boolean;
  policy: AddressPolicy;
  resolve: Resolver;
}

/**
 * Why a URL may not be registered as a webhook endpoint, or null when it may: https (http outside
 * production only), no credentials in it, and a host that resolves, only to addresses webhooks may
 * reach (AddressPolicy). Deliveries check the address again each time.
 */
export async function webhookUrlProblem(text: string, rules: WebhookUrlRules): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'url must be an http(s) URL';
  }
  if (url.protocol !== 'https:' && (url.protocol !== 'http:' || rules.production)) {
    return rules.production ? 'url must use https' : 'url must use https or http';
  }
  if (url.username || url.password) return 'url must not carry a user name or password';
  if (url.hash) return 'url must not have a fragment';
  try {
    await reachableAddresses(url.hostname, rules.policy, rules.resolve);
    return null;
  } catch (error) {
    if (error instanceof AddressRefusedError) {
      return `url's host ${error.hostname} is or resolves to a ${error.kind} address (${error.address}), which webhooks may not reach`;
    }
    return `url's host ${url.hostname} does not resolve`;
  }
}
