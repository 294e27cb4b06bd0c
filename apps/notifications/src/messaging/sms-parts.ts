/**
 * How long an SMS is, in the units and parts a mobile network bills (3GPP TS 23.038 and 23.040).
 *
 * - GSM-7: the GSM 03.38 default alphabet, 7 bits a character. One part holds 160 septets; a longer
 *   text is split into parts of 153 (the concatenation header takes the rest). The characters of the
 *   extension table (`^{}\[~]|€` and form feed) are an escape and a character: 2 septets, and the two
 *   always travel in the same part.
 * - UCS-2: anything else (Urdu, emoji, curly quotes…), 16 bits a unit. One part holds 70 units; split,
 *   67 each. A character outside the Basic Multilingual Plane (an emoji) is a surrogate pair, 2 units,
 *   never split across parts.
 *
 * A single character outside the GSM alphabet turns the whole text into UCS-2.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsLength {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  parts: number;
}

/** Units of one part for each encoding: alone, and when the text is split. */
export const SMS_PART_LIMITS: Record<SmsEncoding, { single: number; split: number }> = {
  'GSM-7': { single: 160, split: 153 },
  'UCS-2': { single: 70, split: 67 },
};

// The default alphabet in code order 0x00–0x7F, without 0x1B (the escape to the extension table).
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

// Reached through the escape: each costs 2 septets.
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

/** Septets of one character in GSM-7: 1, 2 (extension table), or null when it is not in the alphabet. */
function gsmSeptets(character: string): 1 | 2 | null {
  if (GSM_BASIC.has(character)) return 1;
  if (GSM_EXTENSION.has(character)) return 2;
  return null;
}

/** GSM-7 when every character is in the GSM 03.38 alphabet (basic or extension table), else UCS-2. */
export function smsEncoding(text: string): SmsEncoding {
  for (const character of text) if (gsmSeptets(character) === null) return 'UCS-2';
  return 'GSM-7';
}

/** The cost of each character (code point) in the text's encoding. */
function characterCosts(text: string, encoding: SmsEncoding): { character: string; cost: number }[] {
  // Iterating a string yields code points: a surrogate pair stays one character of cost 2.
  return Array.from(text, (character) => ({
    character,
    cost: encoding === 'GSM-7' ? (gsmSeptets(character) as number) : character.length,
  }));
}

/**
 * The text cut into the parts it is sent as. An empty text is one empty part. Cut greedily: each part
 * takes characters while they fit, and a character that does not fit whole (an escape pair, a surrogate
 * pair) starts the next part. Greedy packing of an ordered sequence gives the fewest parts.
 */
export function smsSegments(text: string): { encoding: SmsEncoding; segments: string[] } {
  const encoding = smsEncoding(text);
  const costs = characterCosts(text, encoding);
  const limits = SMS_PART_LIMITS[encoding];
  const total = costs.reduce((sum, c) => sum + c.cost, 0);
  if (total <= limits.single) return { encoding, segments: [text] };
  const segments: string[] = [];
  let current = '';
  let used = 0;
  for (const { character, cost } of costs) {
    if (used + cost > limits.split) {
      segments.push(current);
      current = '';
      used = 0;
    }
    current += character;
    used += cost;
  }
  segments.push(current);
  return { encoding, segments };
}

/** Encoding, length in units and number of parts of an SMS text. */
export function smsLength(text: string): SmsLength {
  const { encoding, segments } = smsSegments(text);
  const units = characterCosts(text, encoding).reduce((sum, c) => sum + c.cost, 0);
  return { encoding, units, parts: segments.length };
}
