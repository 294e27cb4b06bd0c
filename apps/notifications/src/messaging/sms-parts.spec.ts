import { smsEncoding, smsLength, smsSegments } from './sms-parts';

const a = (n: number) => 'a'.repeat(n);
/** ب (Arabic letter beh, used in Urdu): one UCS-2 unit. */
const beh = (n: number) => 'ب'.repeat(n);
const EMOJI = '😀'; // U+1F600: a surrogate pair, 2 units

describe('SMS encoding', () => {
  it.each([
    ['plain English', 'Referral 3F2A9C1B was claimed. https://app.example.pk/r/3f2a9c1b'],
    [
      'the symbols of the default alphabet',
      '@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&\'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà',
    ],
    ['line breaks', 'line one\nline two\r\nline three'],
    ['the extension table', '^{}\\[~]|€\f'],
    ['an empty text', ''],
  ])('is GSM-7 for %s', (_, text) => {
    expect(smsEncoding(text)).toBe('GSM-7');
  });

  it.each([
    ['Urdu', 'آپ کا ریفرل'],
    ['an emoji', `ok ${EMOJI}`],
    ['a backtick (not in the alphabet)', 'a`b'],
    ['a lower-case c cedilla (only the capital is)', 'façade'],
    ['an acute a', 'está'],
    ['a Greek capital alpha that looks like A', 'Α'],
    ['a curly apostrophe', 'don’t'],
    ['a non-breaking space', 'a\u00a0b'],
    ['a tab', 'a\tb'],
  ])('is UCS-2 for %s', (_, text) => {
    expect(smsEncoding(text)).toBe('UCS-2');
  });
});

describe('SMS length and parts, GSM-7', () => {
  it.each([
    [0, 1],
    [1, 1],
    [160, 1],
    [161, 2],
    [153 * 2, 2],
    [153 * 2 + 1, 3],
    [153 * 3, 3],
    [153 * 3 + 1, 4],
  ])('%i plain characters are %i part(s)', (n, parts) => {
    expect(smsLength(a(n))).toEqual({ encoding: 'GSM-7', units: n, parts });
  });

  it('counts each extension-table character as two septets', () => {
    expect(smsLength('^{}\\[~]|€\f')).toEqual({ encoding: 'GSM-7', units: 20, parts: 1 });
    expect(smsLength(`${a(158)}€`)).toEqual({ encoding: 'GSM-7', units: 160, parts: 1 });
    expect(smsLength(`${a(159)}€`)).toEqual({ encoding: 'GSM-7', units: 161, parts: 2 });
    expect(smsLength('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, parts: 1 });
    expect(smsLength('€'.repeat(81))).toEqual({ encoding: 'GSM-7', units: 162, parts: 2 });
  });

  it('never splits an escape pair: one that would straddle a boundary moves to the next part', () => {
    // 306 septets would be 2 parts of 153, but the € at septets 153–154 cannot be cut in two.
    const text = `${a(152)}€${a(152)}`;
    const { segments } = smsSegments(text);
    expect(segments).toEqual([a(152), `€${a(151)}`, 'a']);
    expect(smsLength(text)).toEqual({ encoding: 'GSM-7', units: 306, parts: 3 });
  });

  it('keeps an escape pair that ends exactly at a boundary in that part', () => {
    const text = `${a(151)}€${a(153)}`;
    expect(smsSegments(text).segments).toEqual([`${a(151)}€`, a(153)]);
    expect(smsLength(text)).toEqual({ encoding: 'GSM-7', units: 306, parts: 2 });
  });

  it('cuts 307 plain characters into 153, 153 and 1', () => {
    expect(smsSegments(a(307)).segments.map((s) => s.length)).toEqual([153, 153, 1]);
  });
});

describe('SMS length and parts, UCS-2', () => {
  it.each([
    [1, 1],
    [70, 1],
    [71, 2],
    [67 * 2, 2],
    [67 * 2 + 1, 3],
    [67 * 3, 3],
    [67 * 3 + 1, 4],
  ])('%i Urdu letters are %i part(s)', (n, parts) => {
    expect(smsLength(beh(n))).toEqual({ encoding: 'UCS-2', units: n, parts });
  });

  it('counts an emoji as two units', () => {
    expect(smsLength(EMOJI)).toEqual({ encoding: 'UCS-2', units: 2, parts: 1 });
    expect(smsLength(`${a(68)}${EMOJI}`)).toEqual({ encoding: 'UCS-2', units: 70, parts: 1 });
    expect(smsLength(`${a(69)}${EMOJI}`)).toEqual({ encoding: 'UCS-2', units: 71, parts: 2 });
  });

  it('never splits a surrogate pair across parts', () => {
    // 134 units would be 2 parts of 67, but the emoji at units 67–68 cannot be cut in two.
    const text = `${beh(66)}${EMOJI}${beh(66)}`;
    expect(smsSegments(text).segments).toEqual([beh(66), `${EMOJI}${beh(65)}`, beh(1)]);
    expect(smsLength(text)).toEqual({ encoding: 'UCS-2', units: 134, parts: 3 });
  });

  it('turns a GSM text into UCS-2 with a single Urdu character, and counts it at 70/67', () => {
    expect(smsLength(a(70))).toEqual({ encoding: 'GSM-7', units: 70, parts: 1 });
    expect(smsLength(`${a(70)}ب`)).toEqual({ encoding: 'UCS-2', units: 71, parts: 2 });
  });

  it('counts Urdu extension-table look-alikes as plain UCS-2 units (no escape in UCS-2)', () => {
    expect(smsLength('ب€')).toEqual({ encoding: 'UCS-2', units: 2, parts: 1 });
  });

  it('counts an Urdu message as it is written: letters, spaces, the Urdu full stop, digits and a link', () => {
    const text = 'آپ کا ریفرل 3F2A9C1B ماہر نے لے لیا ہے۔ https://app.example.pk/r/3f2a9c1b';
    expect(text).toHaveLength(73);
    expect(smsLength(text)).toEqual({ encoding: 'UCS-2', units: 73, parts: 2 });
  });
});

describe('SMS segments', () => {
  // A small deterministic generator: the same "random" texts on every run.
  function* texts(count: number): Generator<string> {
    const alphabet = ['a', ' ', '€', '^', 'ب', 'ی', EMOJI, '\n', '۔', '1'];
    let seed = 42;
    for (let i = 0; i < count; i++) {
      let text = '';
      const length = 100 + (i % 400);
      // Half the texts stay GSM-7 (no Urdu, no emoji).
      const letters = i % 2 === 0 ? alphabet.slice(0, 4) : alphabet;
      for (let j = 0; j < length; j++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        text += letters[seed % letters.length];
      }
      yield text;
    }
  }

  it('rejoin into the text, each within the part limit, never cutting a character', () => {
    for (const text of texts(200)) {
      const { encoding, segments } = smsSegments(text);
      expect(segments.join('')).toBe(text);
      const limit =
        segments.length === 1 ? (encoding === 'GSM-7' ? 160 : 70) : encoding === 'GSM-7' ? 153 : 67;
      for (const segment of segments) {
        const units =
          encoding === 'GSM-7'
            ? Array.from(segment).reduce((n, c) => n + ('€^'.includes(c) ? 2 : 1), 0)
            : segment.length;
        expect(units).toBeLessThanOrEqual(limit);
        expect(segment).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
      }
      // Greedy: every part but the last is full, up to one character that did not fit.
      for (const segment of segments.slice(0, -1)) {
        const units =
          encoding === 'GSM-7' ? segment.length + (segment.match(/[€^]/g)?.length ?? 0) : segment.length;
        expect(units).toBeGreaterThanOrEqual(limit - 1);
      }
    }
  });
});
