import type { ReferralEventType, ReferralStage, ReferralStatus } from '@referral/contracts';

/**
 * The e-consult workflow (DESIGN.md §4, API.md "Referral status and stage after each action") as a
 * pure table: which action may be taken from which state, by whom, to which state, with which event.
 * No I/O: the service works out who the caller is to the referral (a `Relation`) and whether they are
 * eligible or at capacity, and this module decides.
 */

export type Action =
  | 'claim'
  | 'release'
  | 'accept'
  | 'decline'
  | 'assign'
  | 'request-clarification'
  | 'provide-clarification'
  | 'consult'
  | 'follow-up'
  | 'close'
  | 'convert'
  | 'cancel'
  | 'escalate'
  | 'release-overdue';

/**
 * What the caller is to this referral. `referrer`: a clinician of the referring organization;
 * `holder` / `target`: the practitioner holding it / chosen for it; `eligible`: a specialist who may
 * take it from the pool (specialty, licence, language, capacity are checked by the service);
 * `coordinator`: a coordinator of an organization concerned; `system`: the deadline scheduler.
 */
export type Relation = 'referrer' | 'holder' | 'target' | 'eligible' | 'coordinator' | 'system';

export interface WorkflowState {
  status: ReferralStatus;
  stage: ReferralStage;
  holderPractitionerId: string | null;
  targetPractitionerId: string | null;
  allowConversion: boolean;
}

/** `${status}/${stage}` */
type StateKey = `${ReferralStatus}/${ReferralStage}`;

/** The events an action on a submitted referral may publish: all of the contract's but `submitted`. */
export type WorkflowEventType = Exclude<ReferralEventType, 'referral.submitted'>;

export interface TransitionInput {
  action: Action;
  /** Everything the caller is to the referral (a clinician of the referrer may also be its target…). */
  relations: ReadonlySet<Relation>;
  /** The acting practitioner (claim: the new holder); assign: the practitioner assigned. */
  practitionerId?: string | null;
}

export type Transition =
  | {
      outcome: 'changed';
      to: WorkflowState;
      /** Events in order; escalation emits `claim_overdue` then `escalated`. */
      events: WorkflowEventType[];
      /** Deadlines to recompute: the pool's claim clock restarts, the answer clock (re)starts, pauses or resumes. */
      clock: 'pool' | 'answer-start' | 'answer-pause' | 'answer-resume' | 'none';
    }
  /** Nothing to change, and that is a success (a second claim by the holder). */
  | { outcome: 'unchanged' }
  /** The caller may not take this action on this referral, in any state. */
  | { outcome: 'forbidden' }
  /** Not in this state: the problem names the current one. */
  | { outcome: 'conflict'; detail: string };

const OPEN_HELD: StateKey[] = ['received/claimed', 'in-progress/answering'];
const CLAIMABLE: StateKey[] = ['requested/pool', 'requested/escalated'];
const UNHELD: StateKey[] = ['requested/pool', 'requested/assigned', 'requested/escalated'];
const BEFORE_COMPLETION: StateKey[] = [
  ...UNHELD,
  'received/claimed',
  'in-progress/answering',
  'on-hold/clarification-requested',
  'in-progress/consult-provided',
];

interface Rule {
  who: Relation[];
  from: StateKey[];
}

/** Who may take each action, and from which states. */
export const RULES: Record<Action, Rule> = {
  // From the pool by any eligible specialist; an assigned referral only by its target.
  claim: { who: ['eligible', 'target'], from: [...CLAIMABLE, 'requested/assigned'] },
  release: { who: ['holder'], from: OPEN_HELD },
  accept: { who: ['holder'], from: ['received/claimed'] },
  decline: { who: ['holder', 'target'], from: ['requested/assigned', ...OPEN_HELD] },
  // A coordinator chooses the specialist; on a held referral that is a redirect.
  assign: {
    who: ['coordinator'],
    from: [...UNHELD, ...OPEN_HELD, 'on-hold/clarification-requested'],
  },
  'request-clarification': { who: ['holder'], from: OPEN_HELD },
  'provide-clarification': { who: ['referrer'], from: ['on-hold/clarification-requested'] },
  consult: { who: ['holder'], from: ['in-progress/answering'] },
  'follow-up': { who: ['referrer'], from: ['in-progress/consult-provided'] },
  close: { who: ['referrer'], from: ['in-progress/consult-provided'] },
  convert: { who: ['holder'], from: ['in-progress/answering', 'in-progress/consult-provided'] },
  cancel: { who: ['referrer'], from: BEFORE_COMPLETION },
  escalate: { who: ['system'], from: ['requested/pool', 'requested/assigned'] },
  'release-overdue': { who: ['system'], from: OPEN_HELD },
};

const keyOf = (state: WorkflowState): StateKey => `${state.status}/${state.stage}`;

function state(
  from: WorkflowState,
  status: ReferralStatus,
  stage: ReferralStage,
  people: Partial<Pick<WorkflowState, 'holderPractitionerId' | 'targetPractitionerId'>> = {},
): WorkflowState {
  return { ...from, status, stage, ...people };
}

const changed = (
  to: WorkflowState,
  events: WorkflowEventType[],
  clock: Extract<Transition, { outcome: 'changed' }>['clock'] = 'none',
): Transition => ({ outcome: 'changed', to, events, clock });

/** Where the action leads from `from`, once who and where have been checked. */
function apply(from: WorkflowState, input: TransitionInput): Transition {
  const pool = { holderPractitionerId: null, targetPractitionerId: null };
  switch (input.action) {
    case 'claim':
      return changed(
        state(from, 'received', 'claimed', {
          holderPractitionerId: input.practitionerId ?? null,
          targetPractitionerId: from.targetPractitionerId,
        }),
        ['referral.claimed'],
        'answer-start',
      );
    case 'release':
      return changed(state(from, 'requested', 'pool', pool), ['referral.released'], 'pool');
    case 'accept':
      return changed(state(from, 'in-progress', 'answering'), ['referral.accepted']);
    case 'decline':
      return changed(state(from, 'rejected', 'declined'), ['referral.declined']);
    case 'assign': {
      const held = from.holderPractitionerId !== null;
      return changed(
        state(from, 'requested', 'assigned', {
          holderPractitionerId: null,
          targetPractitionerId: input.practitionerId ?? null,
        }),
        [held ? 'referral.redirected' : 'referral.assigned'],
        'pool',
      );
    }
    case 'request-clarification':
      return changed(
        state(from, 'on-hold', 'clarification-requested'),
        ['referral.clarification_requested'],
        'answer-pause',
      );
    case 'provide-clarification':
      return changed(
        state(from, 'in-progress', 'answering'),
        ['referral.clarification_provided'],
        'answer-resume',
      );
    case 'consult':
      return changed(state(from, 'in-progress', 'consult-provided'), ['referral.consult_provided']);
    case 'follow-up':
      // Back to the holder; no event of its own in the contract: the message is the news.
      return changed(state(from, 'in-progress', 'answering'), [], 'answer-start');
    case 'close':
      return changed(state(from, 'completed', 'closed'), ['referral.closed']);
    case 'convert':
      return changed(state(from, 'completed', 'converted'), ['referral.converted']);
    case 'cancel':
      return changed(state(from, 'cancelled', 'cancelled'), ['referral.cancelled']);
    case 'escalate':
      // The pool is widened: a target nobody heard from no longer holds it back.
      return changed(state(from, 'requested', 'escalated', pool), [
        'referral.claim_overdue',
        'referral.escalated',
      ]);
    case 'release-overdue':
      return changed(state(from, 'requested', 'pool', pool), ['referral.answer_overdue'], 'pool');
  }
}

/** The outcome of `input.action` on a referral in state `from`. */
export function transition(from: WorkflowState, input: TransitionInput): Transition {
  const rule = RULES[input.action];
  if (!rule.who.some((relation) => input.relations.has(relation))) return { outcome: 'forbidden' };
  const current = keyOf(from);

  // A claim repeated by the one who holds it: the first one stands.
  if (
    input.action === 'claim' &&
    from.holderPractitionerId !== null &&
    from.holderPractitionerId === input.practitionerId &&
    from.status === 'received'
  ) {
    return { outcome: 'unchanged' };
  }
  if (!rule.from.includes(current)) {
    const held = input.action === 'claim' && from.holderPractitionerId !== null;
    return {
      outcome: 'conflict',
      detail: held
        ? `The referral is already held by another specialist (status ${from.status}, stage ${from.stage})`
        : `Cannot ${input.action} a referral in status ${from.status}, stage ${from.stage}`,
    };
  }
  // An assigned referral is claimed by its target only; the pool's eligible specialists wait.
  if (
    input.action === 'claim' &&
    from.stage === 'assigned' &&
    from.targetPractitionerId !== input.practitionerId
  ) {
    return {
      outcome: 'conflict',
      detail: `The referral is assigned to another specialist (status ${from.status}, stage ${from.stage})`,
    };
  }
  if (input.action === 'decline' && from.stage === 'assigned' && !input.relations.has('target')) {
    return {
      outcome: 'conflict',
      detail: `Only the assigned specialist may decline it (status ${from.status}, stage ${from.stage})`,
    };
  }
  if (input.action === 'convert' && !from.allowConversion) {
    return {
      outcome: 'conflict',
      detail: `The referrer did not allow conversion to an in-person referral (status ${from.status}, stage ${from.stage})`,
    };
  }
  return apply(from, input);
}
