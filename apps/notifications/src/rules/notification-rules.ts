import type { ReferralEventData } from '@referral/contracts';

/**
 * Who hears about a referral event (issue 7, "Rules"), as a pure table: the service turns each
 * audience into people (its projection of the directory), their channels and their preferences.
 * Partner systems are not here: every referral event involving their organization goes to their
 * webhook endpoints (the webhooks module).
 */
export type Audience =
  /** One practitioner, by what they are to the referral. */
  | { to: 'practitioner'; practitionerId: string; as: 'referrer' | 'holder' | 'target' | 'previous-holder' }
  /** The referring organization's clinicians, when no practitioner submitted it (an EMR's client). */
  | { to: 'referring-organization'; organizationId: string }
  /**
   * The specialists who could take it from the pool. `widened`: every eligible one, whether or not
   * inside their availability windows (after a missed deadline); otherwise those available now.
   */
  | { to: 'pool'; specialtyCode: string; widened: boolean }
  /** The coordinators of the pool's organizations (those with an active role in the specialty). */
  | { to: 'coordinators'; specialtyCode: string };

type Rule = (data: ReferralEventData) => Audience[];

const referrer: Rule = (data) =>
  data.referringPractitionerId
    ? [{ to: 'practitioner', practitionerId: data.referringPractitionerId, as: 'referrer' }]
    : [{ to: 'referring-organization', organizationId: data.referringOrganizationId }];

const holder: Rule = (data) =>
  data.holderPractitionerId
    ? [{ to: 'practitioner', practitionerId: data.holderPractitionerId, as: 'holder' }]
    : [];

const target: Rule = (data) =>
  data.targetPractitionerId
    ? [{ to: 'practitioner', practitionerId: data.targetPractitionerId, as: 'target' }]
    : [];

const previousHolder: Rule = (data) =>
  data.previousHolderPractitionerId
    ? [{ to: 'practitioner', practitionerId: data.previousHolderPractitionerId, as: 'previous-holder' }]
    : [];

const pool =
  (widened: boolean): Rule =>
  (data) => [{ to: 'pool', specialtyCode: data.specialtyCode, widened }];

const coordinators: Rule = (data) => [{ to: 'coordinators', specialtyCode: data.specialtyCode }];

const all =
  (...rules: Rule[]): Rule =>
  (data) =>
    rules.flatMap((rule) => rule(data));

/** The rules by event type; a type not listed reaches nobody (but partners' webhooks). */
export const RULES: Record<string, Rule> = {
  // A new case: the pool of the specialty, or the specialist it was sent to.
  'referral.submitted': (data) => (data.targetPractitionerId ? target(data) : pool(false)(data)),
  'referral.claimed': referrer,
  'referral.accepted': referrer,
  'referral.released': all(pool(false), previousHolder),
  'referral.declined': referrer,
  'referral.assigned': target,
  'referral.redirected': all(target, previousHolder),
  'referral.clarification_requested': referrer,
  'referral.clarification_provided': holder,
  'referral.consult_provided': referrer,
  'referral.converted': referrer,
  'referral.closed': holder,
  'referral.cancelled': all(holder, target),
  // `claim_overdue` comes with `escalated`, which says it all: one message, not two.
  'referral.escalated': all(coordinators, pool(true)),
  'referral.answer_overdue': all(previousHolder, coordinators, pool(true)),
};

/** The audiences of an event, each practitioner once (the first reason wins). */
export function audiencesOf(type: string, data: ReferralEventData): Audience[] {
  const audiences = RULES[type]?.(data) ?? [];
  const seen = new Set<string>();
  return audiences.filter((audience) => {
    const key = audience.to === 'practitioner' ? `p:${audience.practitionerId}` : JSON.stringify(audience);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Urgent referrals reach people in their quiet hours too; routine ones wait for the morning. */
export const isUrgent = (data: ReferralEventData) => data.priority === 'urgent';
