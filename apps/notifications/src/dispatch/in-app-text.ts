import { isKnownSpecialty, SPECIALTY_NAMES, type ReferralEventData } from '@referral/contracts';
import { shortReference } from '../messaging/message-renderer';

/**
 * The in-app inbox entry for each referral event (English; the app may translate by `type`). Like
 * SMS and email, it names the referral by a short reference, the specialty and the priority: never
 * the patient, never the question.
 */
const TEXTS: Record<string, { title: string; body: string }> = {
  'referral.submitted': {
    title: 'New referral',
    body: 'A {priority} {specialty} referral {ref} is waiting to be claimed.',
  },
  'referral.claimed': {
    title: 'Referral claimed',
    body: 'A specialist claimed your {specialty} referral {ref}.',
  },
  'referral.accepted': {
    title: 'Referral accepted',
    body: 'The specialist started answering your {specialty} referral {ref}.',
  },
  'referral.released': {
    title: 'Referral back in the pool',
    body: 'The {priority} {specialty} referral {ref} is back in the pool.',
  },
  'referral.declined': { title: 'Referral declined', body: 'Your {specialty} referral {ref} was declined.' },
  'referral.assigned': {
    title: 'Referral assigned to you',
    body: 'A {priority} {specialty} referral {ref} was assigned to you.',
  },
  'referral.redirected': {
    title: 'Referral redirected',
    body: 'The {specialty} referral {ref} was redirected.',
  },
  'referral.clarification_requested': {
    title: 'Clarification requested',
    body: 'The specialist asks a question about your {specialty} referral {ref}.',
  },
  'referral.clarification_provided': {
    title: 'Clarification received',
    body: 'The clinic answered your question on referral {ref}.',
  },
  'referral.consult_provided': {
    title: 'Advice received',
    body: 'The specialist answered your {specialty} referral {ref}.',
  },
  'referral.converted': {
    title: 'In-person referral needed',
    body: 'The specialist asks to see the patient of referral {ref} in person.',
  },
  'referral.closed': {
    title: 'Referral closed',
    body: 'The clinic closed referral {ref} with its feedback.',
  },
  'referral.cancelled': { title: 'Referral cancelled', body: 'The clinic cancelled referral {ref}.' },
  'referral.escalated': {
    title: 'Referral not claimed in time',
    body: 'Nobody claimed the {priority} {specialty} referral {ref} in time.',
  },
  'referral.answer_overdue': {
    title: 'Referral not answered in time',
    body: 'The {priority} {specialty} referral {ref} was not answered in time and is back in the pool.',
  },
};

export function inAppText(type: string, data: ReferralEventData): { title: string; body: string } {
  const text = TEXTS[type] ?? { title: 'Referral updated', body: 'Referral {ref} changed.' };
  const fill = (template: string) =>
    template
      .replace('{ref}', shortReference(data.referralId))
      .replace(
        '{specialty}',
        isKnownSpecialty(data.specialtyCode) ? SPECIALTY_NAMES[data.specialtyCode].en : data.specialtyCode,
      )
      .replace('{priority}', data.priority);
  return { title: text.title, body: fill(text.body) };
}
