import { ENGLISH } from './en';
import type { TemplateCatalogue } from './template';
import { URDU } from './ur';

export * from './template';

/** The templates the service sends with. A language without a template for an event falls back to English. */
export const TEMPLATES: TemplateCatalogue = { en: ENGLISH, ur: URDU };
