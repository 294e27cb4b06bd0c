import { REFERRAL_PRIORITIES, SPECIALTY_CODES } from '@referral/contracts';
import {
  fillTemplate,
  MessageRenderer,
  primaryLanguage,
  shortReference,
  SmsTooLongError,
  type MessageFacts,
} from './message-renderer';
import { smsLength } from './sms-parts';
import { MESSAGE_EVENT_TYPES, TEMPLATES, TEMPLATE_VARIABLES, type TemplateCatalogue } from './templates';
import { ENGLISH } from './templates/en';

const REFERRAL_ID = '3f2a9c1b-7d4e-4a51-9b0c-5e6f7a8b9c0d';
const BASE_URL = 'https://referrals.example.org.pk';
const facts = (over: Partial<MessageFacts> = {}): MessageFacts => ({
  referralId: REFERRAL_ID,
  priority: 'urgent',
  specialtyCode: 'dermatology',
  ...over,
});

function renderer(options: { smsMaxParts?: number; catalogue?: TemplateCatalogue } = {}) {
  const warnings: { fields: Record<string, unknown>; message: string }[] = [];
  const logger = {
    warn: (fields: Record<string, unknown>, message: string) => warnings.push({ fields, message }),
  };
  const instance = new MessageRenderer(
    { publicAppUrl: `${BASE_URL}/`, smsMaxParts: options.smsMaxParts ?? 3 },
    logger as never,
    options.catalogue,
  );
  return { renderer: instance, warnings };
}

/** Every text of a language's templates: SMS, email subject and email text. */
const textsOf = (language: string) =>
  MESSAGE_EVENT_TYPES.flatMap((type) => {
    const template = TEMPLATES[language].events[type];
    return template
      ? [
          { where: `${language} ${type} sms`, text: template.sms },
          { where: `${language} ${type} email subject`, text: template.email.subject },
          { where: `${language} ${type} email text`, text: template.email.text },
        ]
      : [];
  });

describe('message templates', () => {
  it.each(['en', 'ur'])('exist in %s for every event, for SMS and email', (language) => {
    for (const type of MESSAGE_EVENT_TYPES) {
      const template = TEMPLATES[language].events[type];
      expect({ type, sms: template?.sms.length }).toEqual({ type, sms: expect.any(Number) });
      expect({ type, subject: template?.email.subject.length, text: template?.email.text.length }).toEqual({
        type,
        subject: expect.any(Number),
        text: expect.any(Number),
      });
    }
  });

  it('use only the reference, specialty, priority and link: no placeholder for patient data', () => {
    const used = new Set<string>();
    for (const language of Object.keys(TEMPLATES)) {
      for (const { text } of textsOf(language)) {
        for (const [, name] of text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) used.add(name);
        // A stray brace would be sent as is: every {{ has its }}.
        expect(text.replace(/\{\{\s*[A-Za-z]+\s*\}\}/g, '')).not.toMatch(/[{}]/);
      }
    }
    expect([...used].sort()).toEqual([...TEMPLATE_VARIABLES].sort());
    for (const name of used)
      expect(name).not.toMatch(/patient|name|cnic|phone|mobile|question|birth|age|sex/i);
  });

  it('mark optional text only in SMS, in balanced [[ ]]', () => {
    for (const language of Object.keys(TEMPLATES)) {
      for (const { where, text } of textsOf(language)) {
        const rest = text.replace(/\[\[[^[\]]*\]\]/g, '');
        expect({ where, stray: /\[\[|\]\]/.test(rest) }).toEqual({ where, stray: false });
        if (!where.endsWith(' sms'))
          expect({ where, optional: text.includes('[[') }).toEqual({ where, optional: false });
      }
    }
  });

  it('are written in Urdu script for Urdu, with Urdu letters rather than their Arabic look-alikes', () => {
    for (const { where, text } of [...textsOf('ur'), { where: 'footer', text: TEMPLATES.ur.emailFooter }]) {
      expect({ where, urdu: /[\u0600-\u06FF]{3}/.test(text) }).toEqual({ where, urdu: true });
      expect({ where, arabic: text.match(/[\u064A\u0643\u0647]/g) }).toEqual({ where, arabic: null });
      // Words are Urdu; Latin letters only inside placeholders.
      expect({ where, latin: text.replace(/\{\{[a-z]+\}\}/g, '').match(/[A-Za-z]+/g) }).toEqual({
        where,
        latin: null,
      });
    }
  });
});

describe('MessageRenderer: SMS', () => {
  it('renders an English SMS with the short reference, specialty, priority and link, in GSM-7', () => {
    const sms = renderer().renderer.renderSms('referral.submitted', 'en', facts());
    expect(sms).toEqual({
      language: 'en',
      text: `New Dermatology case 3F2A9C1B (urgent) is waiting in your queue. Claim it if you can answer. ${BASE_URL}/r/${REFERRAL_ID}`,
      encoding: 'GSM-7',
      units: 164,
      parts: 2,
      shortened: false,
    });
  });

  it('renders an Urdu SMS in Urdu script with the Urdu specialty name and priority, in UCS-2', () => {
    const sms = renderer().renderer.renderSms('referral.claimed', 'ur', facts({ priority: 'routine' }));
    expect(sms.text).toBe(
      `امراضِ جلد کے لیے آپ کا ریفرل 3F2A9C1B ایک ماہر نے لے لیا ہے۔ ${BASE_URL}/r/${REFERRAL_ID}`,
    );
    expect(sms).toMatchObject({ language: 'ur', encoding: 'UCS-2', units: 133, parts: 2, shortened: false });
    const urgent = renderer().renderer.renderSms(
      'referral.assigned',
      'ur',
      facts({ specialtyCode: 'cardiology' }),
    );
    expect(urgent.text).toContain('امراضِ قلب کا ریفرل 3F2A9C1B (فوری)');
  });

  it('fits every event, language, specialty and priority within 3 parts, English in GSM-7 and Urdu in UCS-2', () => {
    const { renderer: r } = renderer();
    for (const language of ['en', 'ur'])
      for (const type of MESSAGE_EVENT_TYPES)
        for (const specialtyCode of SPECIALTY_CODES)
          for (const priority of REFERRAL_PRIORITIES) {
            const sms = r.renderSms(type, language, facts({ specialtyCode, priority }));
            const where = `${language} ${type} ${specialtyCode} ${priority}`;
            expect({ where, encoding: sms.encoding, fits: sms.parts <= 3, shortened: sms.shortened }).toEqual(
              {
                where,
                encoding: language === 'en' ? 'GSM-7' : 'UCS-2',
                fits: true,
                shortened: false,
              },
            );
            expect(smsLength(sms.text)).toMatchObject({ parts: sms.parts, encoding: sms.encoding });
            expect(sms.text).toContain(`/r/${REFERRAL_ID}`);
            expect(sms.text).toContain('3F2A9C1B');
            expect(sms.text).not.toMatch(/\{\{|\}\}|\[\[|\]\]|  /);
          }
  });

  it('leaves out the optional text when the whole would need more than SMS_MAX_PARTS parts', () => {
    const { renderer: r } = renderer({ smsMaxParts: 1 });
    // In full, 164 septets: 2 parts.
    expect(r.renderSms('referral.submitted', 'en', facts())).toEqual({
      language: 'en',
      text: `New Dermatology case 3F2A9C1B (urgent) is waiting in your queue. ${BASE_URL}/r/${REFERRAL_ID}`,
      encoding: 'GSM-7',
      units: 136,
      parts: 1,
      shortened: true,
    });
    // Where the full text fits, the optional text stays.
    expect(r.renderSms('referral.closed', 'en', facts())).toMatchObject({
      text: `Referral 3F2A9C1B has been closed by the clinic. Thank you for your advice. ${BASE_URL}/r/${REFERRAL_ID}`,
      parts: 1,
      shortened: false,
    });
    // In Urdu, 162 units are 3 parts; without the optional sentence, 134 units are exactly 2 × 67.
    expect(renderer({ smsMaxParts: 2 }).renderer.renderSms('referral.submitted', 'ur', facts())).toEqual({
      language: 'ur',
      text: `آپ کی قطار میں امراضِ جلد کا نیا کیس 3F2A9C1B (فوری) منتظر ہے۔ ${BASE_URL}/r/${REFERRAL_ID}`,
      encoding: 'UCS-2',
      units: 134,
      parts: 2,
      shortened: true,
    });
  });

  it('refuses an SMS that needs more parts than allowed even without its optional text', () => {
    const { renderer: r } = renderer({ smsMaxParts: 1 });
    expect(() => r.renderSms('referral.answer_overdue', 'ur', facts())).toThrow(SmsTooLongError);
    try {
      r.renderSms('referral.answer_overdue', 'ur', facts());
    } catch (error) {
      expect(error).toMatchObject({ parts: 3, maxParts: 1 });
    }
  });

  it('uses the primary language of a tag (ur-PK is Urdu) without a warning', () => {
    const { renderer: r, warnings } = renderer();
    expect(r.renderSms('referral.closed', 'ur-PK', facts()).language).toBe('ur');
    expect(r.renderSms('referral.closed', 'UR', facts()).language).toBe('ur');
    expect(warnings).toEqual([]);
  });

  it('falls back to English for a language without templates, and says so in the log without any PHI', () => {
    const { renderer: r, warnings } = renderer();
    const sms = r.renderSms('referral.consult_provided', 'pa', facts());
    expect(sms).toMatchObject({ language: 'en', encoding: 'GSM-7' });
    expect(sms.text).toMatch(/^Specialist advice is ready for your Dermatology referral 3F2A9C1B\./);
    expect(warnings).toEqual([
      {
        fields: { eventType: 'referral.consult_provided', channel: 'sms', language: 'pa', fallback: 'en' },
        message: 'message template missing for the language: sending English',
      },
    ]);
    expect(JSON.stringify(warnings)).not.toContain(REFERRAL_ID);
  });

  it('falls back to English for one event that a language lacks, and for something that is not a language', () => {
    const partialUrdu = { ...TEMPLATES.ur, events: { ...TEMPLATES.ur.events } };
    delete partialUrdu.events['referral.declined'];
    const { renderer: r, warnings } = renderer({ catalogue: { ...TEMPLATES, ur: partialUrdu } });
    expect(r.renderSms('referral.declined', 'ur', facts()).text).toMatch(
      /^Your Dermatology referral 3F2A9C1B was declined/,
    );
    expect(r.renderEmail('referral.declined', 'ur', facts()).subject).toBe('Referral 3F2A9C1B was declined');
    expect(r.renderSms('referral.claimed', 'ur', facts()).language).toBe('ur');
    expect(r.renderSms('referral.claimed', '__proto__', facts()).language).toBe('en');
    expect(warnings.map((w) => w.fields)).toEqual([
      { eventType: 'referral.declined', channel: 'sms', language: 'ur', fallback: 'en' },
      { eventType: 'referral.declined', channel: 'email', language: 'ur', fallback: 'en' },
      { eventType: 'referral.claimed', channel: 'sms', language: 'not a language code', fallback: 'en' },
    ]);
  });

  it('writes English without a warning to a recipient whose language is not known', () => {
    const { renderer: r, warnings } = renderer();
    expect(r.renderSms('referral.claimed', '', facts()).language).toBe('en');
    expect(r.renderEmail('referral.claimed', ' ', facts()).language).toBe('en');
    expect(warnings).toEqual([]);
  });

  it('names an unknown specialty by its code rather than failing', () => {
    const sms = renderer().renderer.renderSms(
      'referral.assigned',
      'en',
      facts({ specialtyCode: 'geriatrics' }),
    );
    expect(sms.text).toMatch(/^geriatrics referral 3F2A9C1B \(urgent\)/);
  });
});

describe('MessageRenderer: email', () => {
  it('renders the subject and text in English with the footer', () => {
    const email = renderer().renderer.renderEmail(
      'referral.escalated',
      'en',
      facts({ specialtyCode: 'ent' }),
    );
    expect(email).toEqual({
      language: 'en',
      subject: 'Escalated: Ear, Nose and Throat (ENT) referral 3F2A9C1B (urgent)',
      text:
        `Ear, Nose and Throat (ENT) referral 3F2A9C1B (urgent) missed its deadline and needs a specialist. Please assign it.\n\n${BASE_URL}/r/${REFERRAL_ID}` +
        '\n\n-- Specialist Referral\nThis message holds no patient details: sign in to see the case.',
    });
  });

  it('renders every event in Urdu with the Urdu footer', () => {
    const { renderer: r, warnings } = renderer();
    for (const type of MESSAGE_EVENT_TYPES) {
      const email = r.renderEmail(type, 'ur', facts());
      expect(email.language).toBe('ur');
      expect(email.subject).toContain('3F2A9C1B');
      expect(email.text).toContain(`${BASE_URL}/r/${REFERRAL_ID}`);
      expect(email.text.endsWith(TEMPLATES.ur.emailFooter)).toBe(true);
      expect(`${email.subject}${email.text}`).not.toMatch(/\{\{|\[\[/);
    }
    expect(warnings).toEqual([]);
  });
});

describe('template helpers', () => {
  it('short reference: the first 8 characters of the id, upper-case', () => {
    expect(shortReference(REFERRAL_ID)).toBe('3F2A9C1B');
  });

  it.each([
    ['ur', 'ur'],
    ['ur-PK', 'ur'],
    [' EN ', 'en'],
    ['skr', 'skr'],
    ['', null],
    ['urdu', null],
    [undefined, null],
  ])('primary language of %p is %p', (tag, expected) => {
    expect(primaryLanguage(tag)).toBe(expected);
  });

  it('refuses a template that uses a variable outside the allowed ones', () => {
    const values = { ref: 'R', specialty: 'S', priority: 'P', link: 'L' };
    expect(fillTemplate('{{ref}} {{ specialty }}', values)).toBe('R S');
    expect(() => fillTemplate('Patient {{patientName}}', values)).toThrow(/unknown variable "patientName"/);
  });

  it('English is complete (the fallback of every language)', () => {
    expect(Object.keys(ENGLISH.events).sort()).toEqual([...MESSAGE_EVENT_TYPES].sort());
  });
});
