import { normalizePakistaniMobile } from '@referral/contracts';
import type { SkipReason } from './outbound-message.entity';

export type AddressCheck = { address: string } | { skip: SkipReason };

const E164 = /^\+[1-9]\d{7,14}$/;
// One address, no display name, nothing that could split a header: the provider gets exactly this.
const EMAIL = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+\.[^\s@<>,;:"()[\]\\]+$/;

/** A phone to text: any Pakistani mobile form becomes E.164; other E.164 numbers pass as they are. */
export function smsAddress(phone: string | null | undefined): AddressCheck {
  const text = phone?.trim() ?? '';
  if (!text) return { skip: 'no-phone' };
  const pakistani = normalizePakistaniMobile(text);
  if (pakistani) return { address: pakistani };
  const compact = text.replace(/[\s-]/g, '');
  return E164.test(compact) ? { address: compact } : { skip: 'invalid-phone' };
}

/** An email address to write to, lower-cased (one mailbox, one idempotency key). */
export function emailAddress(email: string | null | undefined): AddressCheck {
  const text = email?.trim().toLowerCase() ?? '';
  if (!text) return { skip: 'no-email' };
  return EMAIL.test(text) && text.length <= 320 ? { address: text } : { skip: 'invalid-email' };
}

/** The recipient filter of the admin list, in the form the log stores: E.164, or a lower-case address. */
export function recipientFilter(recipient: string): string {
  const text = recipient.trim();
  return normalizePakistaniMobile(text) ?? (text.includes('@') ? text.toLowerCase() : text);
}
