import {
  RULES,
  transition,
  type Action,
  type Relation,
  type WorkflowEventType,
  type WorkflowState,
} from './state-machine';

const HOLDER = '11111111-1111-4111-8111-111111111111';
const TARGET = '22222222-2222-4222-8222-222222222222';
const OTHER = '33333333-3333-4333-8333-333333333333';

/** Every state a referral can be in, with the people it names there. */
const STATES: Record<string, WorkflowState> = {
  'requested/pool': s('requested', 'pool', null, null),
  'requested/assigned': s('requested', 'assigned', null, TARGET),
  'requested/escalated': s('requested', 'escalated', null, null),
  'received/claimed': s('received', 'claimed', HOLDER, null),
  'in-progress/answering': s('in-progress', 'answering', HOLDER, null),
  'on-hold/clarification-requested': s('on-hold', 'clarification-requested', HOLDER, null),
  'in-progress/consult-provided': s('in-progress', 'consult-provided', HOLDER, null),
  'completed/closed': s('completed', 'closed', HOLDER, null),
  'completed/converted': s('completed', 'converted', HOLDER, null),
  'rejected/declined': s('rejected', 'declined', HOLDER, null),
  'cancelled/cancelled': s('cancelled', 'cancelled', null, null),
};

function s(
  status: WorkflowState['status'],
  stage: WorkflowState['stage'],
  holder: string | null,
  target: string | null,
): WorkflowState {
  return { status, stage, holderPractitionerId: holder, targetPractitionerId: target, allowConversion: true };
}

/** Who acts in each relation (the practitioner passed along). */
const ACTOR: Record<Relation, string | null> = {
  referrer: null,
  holder: HOLDER,
  target: TARGET,
  eligible: OTHER,
  coordinator: null,
  system: null,
};

/**
 * The allowed transitions, written out from API.md ("Referral status and stage after each action")
 * independently of the module's table: `action from by → to [events]`.
 */
const ALLOWED: [Action, string, Relation, string, WorkflowEventType[]][] = [
  ['claim', 'requested/pool', 'eligible', 'received/claimed', ['referral.claimed']],
  ['claim', 'requested/escalated', 'eligible', 'received/claimed', ['referral.claimed']],
  ['claim', 'requested/assigned', 'target', 'received/claimed', ['referral.claimed']],
  ['claim', 'requested/pool', 'target', 'received/claimed', ['referral.claimed']],
  ['claim', 'requested/escalated', 'target', 'received/claimed', ['referral.claimed']],
  ['release', 'received/claimed', 'holder', 'requested/pool', ['referral.released']],
  ['release', 'in-progress/answering', 'holder', 'requested/pool', ['referral.released']],
  ['accept', 'received/claimed', 'holder', 'in-progress/answering', ['referral.accepted']],
  ['decline', 'requested/assigned', 'target', 'rejected/declined', ['referral.declined']],
  ['decline', 'received/claimed', 'holder', 'rejected/declined', ['referral.declined']],
  ['decline', 'in-progress/answering', 'holder', 'rejected/declined', ['referral.declined']],
  ['decline', 'received/claimed', 'target', 'rejected/declined', ['referral.declined']],
  ['decline', 'in-progress/answering', 'target', 'rejected/declined', ['referral.declined']],
  ['assign', 'requested/pool', 'coordinator', 'requested/assigned', ['referral.assigned']],
  ['assign', 'requested/assigned', 'coordinator', 'requested/assigned', ['referral.assigned']],
  ['assign', 'requested/escalated', 'coordinator', 'requested/assigned', ['referral.assigned']],
  ['assign', 'received/claimed', 'coordinator', 'requested/assigned', ['referral.redirected']],
  ['assign', 'in-progress/answering', 'coordinator', 'requested/assigned', ['referral.redirected']],
  ['assign', 'on-hold/clarification-requested', 'coordinator', 'requested/assigned', ['referral.redirected']],
  [
    'request-clarification',
    'received/claimed',
    'holder',
    'on-hold/clarification-requested',
    ['referral.clarification_requested'],
  ],
  [
    'request-clarification',
    'in-progress/answering',
    'holder',
    'on-hold/clarification-requested',
    ['referral.clarification_requested'],
  ],
  [
    'provide-clarification',
    'on-hold/clarification-requested',
    'referrer',
    'in-progress/answering',
    ['referral.clarification_provided'],
  ],
  [
    'consult',
    'in-progress/answering',
    'holder',
    'in-progress/consult-provided',
    ['referral.consult_provided'],
  ],
  ['follow-up', 'in-progress/consult-provided', 'referrer', 'in-progress/answering', []],
  ['close', 'in-progress/consult-provided', 'referrer', 'completed/closed', ['referral.closed']],
  ['convert', 'in-progress/answering', 'holder', 'completed/converted', ['referral.converted']],
  ['convert', 'in-progress/consult-provided', 'holder', 'completed/converted', ['referral.converted']],
  ...(
    [
      'requested/pool',
      'requested/assigned',
      'requested/escalated',
      'received/claimed',
      'in-progress/answering',
      'on-hold/clarification-requested',
      'in-progress/consult-provided',
    ] as const
  ).map(
    (from) =>
      ['cancel', from, 'referrer', 'cancelled/cancelled', ['referral.cancelled']] as [
        Action,
        string,
        Relation,
        string,
        WorkflowEventType[],
      ],
  ),
  [
    'escalate',
    'requested/pool',
    'system',
    'requested/escalated',
    ['referral.claim_overdue', 'referral.escalated'],
  ],
  [
    'escalate',
    'requested/assigned',
    'system',
    'requested/escalated',
    ['referral.claim_overdue', 'referral.escalated'],
  ],
  ['release-overdue', 'received/claimed', 'system', 'requested/pool', ['referral.answer_overdue']],
  ['release-overdue', 'in-progress/answering', 'system', 'requested/pool', ['referral.answer_overdue']],
];

const ACTIONS = Object.keys(RULES) as Action[];
const RELATIONS: Relation[] = ['referrer', 'holder', 'target', 'eligible', 'coordinator', 'system'];

describe('the referral state machine: every action × state × relation', () => {
  const cases = ACTIONS.flatMap((action) =>
    Object.keys(STATES).flatMap((from) => RELATIONS.map((by) => [action, from, by] as const)),
  );

  it.each(cases)('%s from %s by %s', (action, from, by) => {
    const result = transition(STATES[from], {
      action,
      relations: new Set([by]),
      practitionerId: action === 'assign' ? OTHER : ACTOR[by],
    });
    const allowed = ALLOWED.find(([a, f, r]) => a === action && f === from && r === by);
    if (allowed) {
      expect(result.outcome).toBe('changed');
      const to = (result as Extract<typeof result, { outcome: 'changed' }>).to;
      expect(`${to.status}/${to.stage}`).toBe(allowed[3]);
      expect((result as Extract<typeof result, { outcome: 'changed' }>).events).toEqual(allowed[4]);
    } else if (!RULES[action].who.includes(by)) {
      expect(result.outcome).toBe('forbidden');
    } else {
      // The right party in the wrong state: 409 naming where the referral is.
      expect(result).toMatchObject({ outcome: 'conflict' });
      expect((result as { detail: string }).detail).toContain(STATES[from].stage);
    }
  });

  it('allows nothing out of a terminal state', () => {
    for (const terminal of [
      'completed/closed',
      'completed/converted',
      'rejected/declined',
      'cancelled/cancelled',
    ]) {
      for (const action of ACTIONS) {
        const result = transition(STATES[terminal], {
          action,
          relations: new Set(RELATIONS),
          practitionerId: OTHER,
        });
        expect([action, terminal, result.outcome]).toEqual([action, terminal, 'conflict']);
      }
    }
  });
});

describe('the people a transition names', () => {
  it('makes the claimant the holder, and a release or an overdue answer empties both', () => {
    const claimed = transition(STATES['requested/pool'], {
      action: 'claim',
      relations: new Set(['eligible']),
      practitionerId: OTHER,
    });
    expect(claimed).toMatchObject({
      outcome: 'changed',
      to: { holderPractitionerId: OTHER },
      clock: 'answer-start',
    });
    for (const action of ['release', 'release-overdue'] as const) {
      const released = transition(STATES['in-progress/answering'], {
        action,
        relations: new Set(['holder', 'system']),
      });
      expect(released).toMatchObject({
        to: { holderPractitionerId: null, targetPractitionerId: null },
        clock: 'pool',
      });
    }
  });

  it('sets the target on assignment and takes the referral from its holder on a redirect', () => {
    const redirected = transition(STATES['in-progress/answering'], {
      action: 'assign',
      relations: new Set(['coordinator']),
      practitionerId: OTHER,
    });
    expect(redirected).toMatchObject({
      to: { status: 'requested', stage: 'assigned', holderPractitionerId: null, targetPractitionerId: OTHER },
      events: ['referral.redirected'],
    });
  });

  it('widens the pool on escalation: the target no longer holds it back', () => {
    const escalated = transition(STATES['requested/assigned'], {
      action: 'escalate',
      relations: new Set(['system']),
    });
    expect(escalated).toMatchObject({ to: { targetPractitionerId: null, stage: 'escalated' } });
  });

  it('pauses the answer clock for a clarification and resumes it with the answer', () => {
    expect(
      transition(STATES['in-progress/answering'], {
        action: 'request-clarification',
        relations: new Set(['holder']),
      }),
    ).toMatchObject({ clock: 'answer-pause' });
    expect(
      transition(STATES['on-hold/clarification-requested'], {
        action: 'provide-clarification',
        relations: new Set(['referrer']),
      }),
    ).toMatchObject({ clock: 'answer-resume' });
  });
});

describe('the special cases', () => {
  it('answers a second claim by the holder with unchanged (idempotent), and by another with 409', () => {
    expect(
      transition(STATES['received/claimed'], {
        action: 'claim',
        relations: new Set(['eligible']),
        practitionerId: HOLDER,
      }),
    ).toEqual({ outcome: 'unchanged' });
    const other = transition(STATES['received/claimed'], {
      action: 'claim',
      relations: new Set(['eligible']),
      practitionerId: OTHER,
    });
    expect(other).toMatchObject({ outcome: 'conflict' });
    expect((other as { detail: string }).detail).toMatch(/already held/);
  });

  it('keeps an assigned referral for its target: an eligible specialist of the pool gets 409', () => {
    expect(
      transition(STATES['requested/assigned'], {
        action: 'claim',
        relations: new Set(['eligible']),
        practitionerId: OTHER,
      }),
    ).toMatchObject({ outcome: 'conflict' });
  });

  it('refuses conversion the referrer did not allow with 409', () => {
    const notAllowed = { ...STATES['in-progress/answering'], allowConversion: false };
    const result = transition(notAllowed, { action: 'convert', relations: new Set(['holder']) });
    expect(result).toMatchObject({ outcome: 'conflict' });
    expect((result as { detail: string }).detail).toMatch(/conversion/);
  });

  it('lets only the target decline an assigned referral', () => {
    expect(
      transition(STATES['requested/assigned'], { action: 'decline', relations: new Set(['holder']) }),
    ).toMatchObject({ outcome: 'conflict' });
  });
});
