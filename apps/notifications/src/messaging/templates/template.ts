/** The referral events that people hear about by SMS or email (who hears which is the caller's choice). */
export const MESSAGE_EVENT_TYPES = [
  'referral.submitted',
  'referral.claimed',
  'referral.clarification_requested',
  'referral.clarification_provided',
  'referral.consult_provided',
  'referral.escalated',
  'referral.answer_overdue',
  'referral.declined',
  'referral.assigned',
  'referral.redirected',
  'referral.closed',
] as const;
export type MessageEventType = (typeof MESSAGE_EVENT_TYPES)[number];

export const MESSAGE_CHANNELS = ['sms', 'email'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/**
 * The only values a template may use. None of them names the patient: a short reference, the
 * specialty, the priority and a link that opens the referral after signing in. Patient names, CNIC,
 * phone numbers and the question never reach a template, so they cannot reach an SMS or an email.
 */
export const TEMPLATE_VARIABLES = ['ref', 'specialty', 'priority', 'link'] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateValues = Record<TemplateVariable, string>;

/**
 * One event's messages in one language. Placeholders are `{{name}}` (TEMPLATE_VARIABLES). In an SMS,
 * text between `[[` and `]]` is optional: it is left out when the whole text would need more parts
 * than SMS_MAX_PARTS.
 */
export interface MessageTemplate {
  sms: string;
  email: { subject: string; text: string };
}

/** Everything a language needs besides the per-event templates. */
export interface LanguageTemplates {
  /** The words for a referral's priority. */
  priority: { routine: string; urgent: string };
  /** Appended to every email text. */
  emailFooter: string;
  events: Partial<Record<MessageEventType, MessageTemplate>>;
}

/** Templates by language code (ISO 639-1). English is complete: it is what every other falls back to. */
export type TemplateCatalogue = Record<string, LanguageTemplates> & {
  en: LanguageTemplates & CompleteEvents;
};
type CompleteEvents = { events: Record<MessageEventType, MessageTemplate> };
