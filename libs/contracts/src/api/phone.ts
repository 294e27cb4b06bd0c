import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';

/** A Pakistani mobile number in E.164, as stored and returned: `+923001234567`. */
export const PAKISTANI_MOBILE_E164 = /^\+923\d{9}$/;

/** `03xx-xxxxxxx`, `03xxxxxxxxx`, `+92 3xx xxxxxxx`, `+923xxxxxxxxx` (spaces or dashes between groups). */
const PAKISTANI_MOBILE = /^(?:\+92[ -]?|0)(3\d{2})[ -]?(\d{7})$/;

/** The E.164 form of a Pakistani mobile number, or null when the text is not one. */
export function normalizePakistaniMobile(text: string): string | null {
  const match = PAKISTANI_MOBILE.exec(text.trim());
  return match ? `+92${match[1]}${match[2]}` : null;
}

/**
 * A request field holding a Pakistani mobile number: normalised to E.164 before validation; anything
 * else is a 422 naming the accepted forms.
 */
export function IsPakistaniMobile(): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }) =>
      typeof value === 'string' ? (normalizePakistaniMobile(value) ?? value) : value,
    )(target, key);
    Matches(PAKISTANI_MOBILE_E164, {
      message: '$property must be a Pakistani mobile number: 03xx-xxxxxxx or +92 3xx xxxxxxx',
    })(target, key);
  };
}
