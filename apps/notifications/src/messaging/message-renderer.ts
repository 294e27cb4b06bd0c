import type { Logger } from 'pino';
import { SPECIALTY_NAMES, type ReferralPriority } from '@referral/contracts';
import { smsLength, type SmsEncoding } from './sms-parts';
import {
  TEMPLATES,
  TEMPLATE_VARIABLES,
  type LanguageTemplates,
  type MessageChannel,
  type MessageEventType,
  type MessageTemplate,
  type TemplateCatalogue,
  type TemplateValues,
} from './templates';

/** What a message may say about a referral: never who the patient is, never the question. */
export interface MessageFacts {
  referralId: string;
  priority: ReferralPriority;
  specialtyCode: string;
}

export interface RenderedSms {
  /** The language of the text: the one asked for, or `en` when it has no template. */
  language: string;
  text: string;
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  parts: number;
  /** Whether the template's optional text was left out to stay within SMS_MAX_PARTS. */
  shortened: boolean;
}

export interface RenderedEmail {
  language: string;
  subject: string;
  text: string;
}

/** Even without its optional text, the SMS needs more parts than allowed. */
export class SmsTooLongError extends Error {
  constructor(
    readonly parts: number,
    readonly maxParts: number,
  ) {
    super(`the text needs ${parts} SMS parts, more than SMS_MAX_PARTS=${maxParts}`);
    this.name = 'SmsTooLongError';
  }
}

export interface MessageRendererOptions {
  /** Base of the links in messages: `<publicAppUrl>/r/<referralId>`. */
  publicAppUrl: string;
  smsMaxParts: number;
}

const FALLBACK_LANGUAGE = 'en';
const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;
const OPTIONAL = /\[\[([\s\S]*?)\]\]/g;
const KNOWN_VARIABLES: ReadonlySet<string> = new Set(TEMPLATE_VARIABLES);

/** `ur`, `ur-PK`, `UR_pk` → `ur`; anything that is not a language code → null. */
export function primaryLanguage(language: string | null | undefined): string | null {
  const primary = (language ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return /^[a-z]{2,3}$/.test(primary) ? primary : null;
}

/** The short reference people read in messages: the first 8 characters of the referral id, upper-case. */
export function shortReference(referralId: string): string {
  return referralId.slice(0, 8).toUpperCase();
}

/** Fills `{{name}}` placeholders; a name outside TEMPLATE_VARIABLES is a bug in the template. */
export function fillTemplate(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    if (!KNOWN_VARIABLES.has(name)) throw new Error(`message template uses unknown variable "${name}"`);
    return values[name as keyof TemplateValues];
  });
}

/**
 * Renders the SMS and email texts of referral events in the recipient's language, from the template
 * catalogue. A language (or one event of a language) without a template falls back to English, with a
 * warning that names the event, channel and language only.
 */
export class MessageRenderer {
  constructor(
    private readonly options: MessageRendererOptions,
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly catalogue: TemplateCatalogue = TEMPLATES,
  ) {}

  /**
   * @throws SmsTooLongError when the text needs more than SMS_MAX_PARTS parts even without the
   *   template's optional text
   */
  renderSms(eventType: MessageEventType, language: string, facts: MessageFacts): RenderedSms {
    const { code, templates, template } = this.choose(eventType, 'sms', language);
    const values = this.values(code, templates, facts);
    const max = this.options.smsMaxParts;
    const full = tidy(fillTemplate(template.sms.replace(OPTIONAL, '$1'), values));
    const fullLength = smsLength(full);
    if (fullLength.parts <= max) return { language: code, text: full, ...fullLength, shortened: false };
    const short = tidy(fillTemplate(template.sms.replace(OPTIONAL, ''), values));
    const shortLength = smsLength(short);
    if (shortLength.parts <= max) return { language: code, text: short, ...shortLength, shortened: true };
    throw new SmsTooLongError(shortLength.parts, max);
  }

  renderEmail(eventType: MessageEventType, language: string, facts: MessageFacts): RenderedEmail {
    const { code, templates, template } = this.choose(eventType, 'email', language);
    const values = this.values(code, templates, facts);
    return {
      language: code,
      subject: fillTemplate(template.email.subject, values),
      text: fillTemplate(template.email.text.replace(OPTIONAL, '$1') + templates.emailFooter, values),
    };
  }

  private choose(
    eventType: MessageEventType,
    channel: MessageChannel,
    language: string,
  ): { code: string; templates: LanguageTemplates; template: MessageTemplate } {
    const wanted = primaryLanguage(language);
    const own = wanted !== null && Object.hasOwn(this.catalogue, wanted) ? this.catalogue[wanted] : undefined;
    const template = own?.events[eventType];
    if (own && template) return { code: wanted as string, templates: own, template };
    const english = this.catalogue[FALLBACK_LANGUAGE];
    const fallback = { code: FALLBACK_LANGUAGE, templates: english, template: english.events[eventType] };
    // No language known for the recipient: English is the choice, not a gap in the templates.
    if (!language?.trim()) return fallback;
    // Event type, channel and language code only: never who the message was for or what it was about.
    this.logger.warn(
      { eventType, channel, language: wanted ?? 'not a language code', fallback: FALLBACK_LANGUAGE },
      'message template missing for the language: sending English',
    );
    return fallback;
  }

  private values(language: string, templates: LanguageTemplates, facts: MessageFacts): TemplateValues {
    const names = (SPECIALTY_NAMES as Record<string, Record<string, string> | undefined>)[
      facts.specialtyCode
    ];
    return {
      ref: shortReference(facts.referralId),
      specialty: names?.[language] ?? names?.[FALLBACK_LANGUAGE] ?? facts.specialtyCode,
      priority: templates.priority[facts.priority],
      link: `${this.options.publicAppUrl.replace(/\/+$/, '')}/r/${facts.referralId}`,
    };
  }
}

/** Leaving out an optional part must not leave doubled spaces behind. */
function tidy(text: string): string {
  return text.replace(/ {2,}/g, ' ').trim();
}
