import { Transform } from 'class-transformer';
import { buildMessage, ValidateBy } from 'class-validator';
import { parsePhoneNumberFromString } from 'libphonenumber-js/mobile';

/**
 * The forms people write: `03xx-xxxxxxx`, `03xxxxxxxxx`, `+92 3xx xxxxxxx`, `+923xxxxxxxxx` (spaces or
 * dashes between groups). libphonenumber-js alone also takes `0092…`, a missing trunk 0, brackets and
 * other dashes; those stay refused, so a typo is asked about instead of guessed.
 */
const WRITTEN_PAKISTANI_MOBILE = /^(?:\+92[ -]?|0)3\d{2}[ -]?\d{7}$/;

/**
 * The E.164 form of a Pakistani mobile number (`+923001234567`, as stored and returned), or null when the text is not one. The numbering plan is
 * libphonenumber-js's (its `mobile` metadata: only mobile ranges are valid), so a landline or a
 * `03xx` prefix no operator holds is refused.
 */
export function normalizePakistaniMobile(text: string): string | null {
  const written = text.trim();
  if (!WRITTEN_PAKISTANI_MOBILE.test(written)) return null;
  const phone = parsePhoneNumberFromString(written, 'PK');
  return phone?.country === 'PK' && phone.isValid() && phone.getType() === 'MOBILE' ? phone.number : null;
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
    // Named `matches` as when this was a pattern, so clients reading the constraint see no change.
    ValidateBy({
      name: 'matches',
      validator: {
        // After the transform a valid number is E.164; checking it again refuses an E.164-shaped one
        // outside the mobile plan, which the transform left as it came.
        validate: (value) => typeof value === 'string' && normalizePakistaniMobile(value) === value,
        defaultMessage: buildMessage(
          () => '$property must be a Pakistani mobile number: 03xx-xxxxxxx or +92 3xx xxxxxxx',
        ),
      },
    })(target, key);
  };
}
