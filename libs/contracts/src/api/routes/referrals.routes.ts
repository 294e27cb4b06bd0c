import {
  AssignReferralRequest,
  CloseReferralRequest,
  ConsultRequest,
  ConvertReferralRequest,
  DeclineReferralRequest,
  ListReferralsQuery,
  MessageResource,
  MessageThread,
  PostMessageRequest,
  QueuePage,
  QueueQuery,
  ReasonRequest,
  ReferralHistory,
  ReferralPage,
  ReferralResource,
  SubmitReferralRequest,
} from '../referrals';
import { PageQuery } from '../page';
import { KEY_REUSED, routeGroup, type RouteProblem } from './route-declaration';

/** Who may read referrals (API.md, "Who sees referrals"): the list, a referral, its history. */
const READERS = ['clinician', 'specialist', 'coordinator', 'partner', 'admin'] as const;

const VISIBILITY =
  "Roles `clinician` (referrals of the caller's organization), `specialist` (referrals the caller holds or is targeted by; " +
  "others only through the queue), `coordinator` (of the organization of the target or of the holder's role, or of the " +
  "pool's organizations), `partner` (referrals involving its organization: the referrer or the holder's role's organization), `admin`.";

/** 404 on a referral: unknown, or the caller may not know it. */
const NOT_VISIBLE: RouteProblem = {
  status: 404,
  description: 'No such referral, or the caller may not know it',
};

/** 409 of a workflow action. */
const WRONG_STATE: RouteProblem = {
  status: 409,
  description:
    "Not allowed in the referral's current state (`detail` names its status and stage), or a request with this Idempotency-Key is still in flight",
};

/** 403 of a workflow action: the caller may know the referral but not do this to it. */
const NOT_YOURS: RouteProblem = {
  status: 403,
  description: 'The caller may see the referral but not do this to it',
};

/** The problems of a workflow action with a body. */
const ACTION_PROBLEMS = [400, NOT_YOURS, NOT_VISIBLE, WRONG_STATE, 413, 415, 422] as const;

const ACTED_ON = { status: 200, type: ReferralResource } as const;

/**
 * The referrals service's public routes. Actions answer 200 with the referral as it now is; POSTs
 * take an `Idempotency-Key` (required to submit, optional on the actions).
 */
export const REFERRAL_ROUTES = routeGroup({
  name: 'referrals',
  tag: 'referrals',
  upstream: 'referrals',
  routes: {
    submit: {
      method: 'POST',
      path: 'v1/referrals',
      roles: ['clinician'],
      body: SubmitReferralRequest,
      answer: { status: 201, type: ReferralResource, description: 'Submitted; waiting to be claimed' },
      idempotency: 'required',
      problems: [400, 409, 413, 415, 422],
      summary: 'Submit a referral',
      description:
        "Role `clinician`. Asks the specialty's pool (or the named specialist) about a case file of the caller's organization.",
    },
    list: {
      method: 'GET',
      path: 'v1/referrals',
      roles: READERS,
      query: ListReferralsQuery,
      answer: { status: 200, type: ReferralPage },
      problems: [422],
      summary: 'List referrals',
      description: `${VISIBILITY} Each sees the referrals visible to it, filtered by \`status\`, \`stage\`, \`specialty\` and \`priority\`; newest first, a page at a time (\`limit\`, \`cursor\`: the \`nextCursor\` of the previous page).`,
    },
    get: {
      method: 'GET',
      path: 'v1/referrals/:id',
      roles: READERS,
      answer: { status: 200, type: ReferralResource },
      problems: [400, NOT_VISIBLE],
      summary: 'Read a referral',
      description: `${VISIBILITY} Anyone else: 404.`,
    },
    history: {
      method: 'GET',
      path: 'v1/referrals/:id/history',
      roles: READERS,
      query: PageQuery,
      answer: { status: 200, type: ReferralHistory },
      problems: [400, NOT_VISIBLE, 422],
      summary: "A referral's transitions",
      description:
        'Whoever may read the referral (as `GET /v1/referrals/{id}`). Every transition, oldest first: who (client, practitioner, organization; none for deadlines), when, from and to status and stage, and the reason given. ' +
        'A page at a time (`limit`, `cursor`: the `nextCursor` of the previous page).',
    },
    claim: {
      method: 'POST',
      path: 'v1/referrals/:id/claim',
      roles: ['specialist'],
      answer: { status: 200, type: ReferralResource, description: 'Held by the caller' },
      idempotency: 'optional',
      problems: [
        400,
        NOT_YOURS,
        NOT_VISIBLE,
        {
          status: 409,
          description:
            "Someone else holds it, the caller is at capacity, or the referral's state does not allow it (`detail` names its status and stage); or a request with this Idempotency-Key is still in flight",
        },
        KEY_REUSED,
      ],
      summary: 'Claim a referral',
      description:
        'Role `specialist`, eligible for the referral (as the queue shows it). No body. The caller now holds it: status `received`, stage `claimed`. ' +
        '409 when someone else holds it or the caller is at capacity (`maxOpenCases`).',
    },
    release: {
      method: 'POST',
      path: 'v1/referrals/:id/release',
      roles: ['specialist'],
      body: ReasonRequest,
      answer: ACTED_ON,
      idempotency: 'optional',
      problems: ACTION_PROBLEMS,
      summary: 'Give a referral back to the pool',
      description: 'The holder (role `specialist`), with the reason. Status `requested`, stage `pool`.',
    },
    accept: {
      method: 'POST',
      path: 'v1/referrals/:id/accept',
      roles: ['specialist'],
      answer: ACTED_ON,
      idempotency: 'optional',
      problems: [400, NOT_YOURS, NOT_VISIBLE, WRONG_STATE, KEY_REUSED],
      summary: 'Start answering a referral',
      description: 'The holder (role `specialist`). No body. Status `in-progress`, stage `answering`.',
    },
    decline: {
      method: 'POST',
      path: 'v1/referrals/:id/decline',
      roles: ['specialist'],
      body: DeclineReferralRequest,
      answer: ACTED_ON,
      idempotency: 'optional',
      problems: ACTION_PROBLEMS,
      summary: 'Decline a referral',
      description:
        'The holder or the target practitioner (role `specialist`), with one of the listed reasons and an optional note. Status `rejected`, stage `declined`.',
    },
    assign: {
      method: 'POST',
      path: 'v1/referrals/:id/assign',
      roles: ['coordinator'],
      body: AssignReferralRequest,
      answer: ACTED_ON,
      idempotency: 'optional',
      problems: ACTION_PROBLEMS,
      summary: 'Assign a referral to a specialist',
      description:
        'Role `coordinator`, of an organization that may see the referral. Names the specialist who is to take it: stage `assigned`.',
    },
    postMessage: {
      method: 'POST',
      path: 'v1/referrals/:id/messages',
      roles: ['clinician', 'specialist'],
      body: PostMessageRequest,
      answer: { status: 201, type: MessageResource },
      idempotency: 'optional',
      problems: ACTION_PROBLEMS,
      summary: 'Post a message on a referral',
      description:
        'The referrer side (clinicians of the referring organization) or the holder. A `clarification-request` (holder) puts the referral on hold (`on-hold`/`clarification-requested`); ' +
        'a `clarification-response` (referrer) resumes it (`in-progress`/`answering`); a `follow-up` (referrer, after a consult) sends it back to the holder (`answering`); a `note` changes nothing.',
    },
    messages: {
      method: 'GET',
      path: 'v1/referrals/:id/messages',
      roles: ['clinician', 'specialist', 'partner'],
      query: PageQuery,
      answer: { status: 200, type: MessageThread },
      problems: [400, NOT_VISIBLE, 422],
      summary: "A referral's messages",
      description:
        'Both sides: the referrer side and the holder. Oldest first (then by id), a page at a time (`limit`, `cursor`: the `nextCursor` of the previous page).',
    },
    consult: {
      method: 'POST',
      path: 'v1/referrals/:id/consult',
      roles: ['specialist'],
      body: ConsultRequest,
      answer: ACTED_ON,
      idempotency: 'optional',
      problems: ACTION_PROBLEMS,
      summary: 'Give the advice',
      description:
        'The holder (role `specialist`): assessment, advice, recommendation and an optional follow-up. Status `in-progress`, stage `consult-provided`.',
    },
    close: {
      method: 'POST',
      path: 'v1/referrals/:id/close',
      roles: ['clinician'],
      body: CloseReferralRequest,
      answer: ACTED_ON,
      idempotency: 'optional',
      problems: ACTION_PROBLEMS,
      summary: 'Close a referral',
      description:
        'The referrer side (clinicians of the referring organization): whether the question was answered, and optionally travel avoided, a rating and a comment. Status `completed`, stage `closed`.',
    },
    convert: {
      method: 'POST',
      path: 'v1/referrals/:id/convert',
      roles: ['specialist'],
      body: ConvertReferralRequest,
      answer: ACTED_ON,
      idempotency: 'optional',
      problems: [
        400,
        NOT_YOURS,
        NOT_VISIBLE,
        {
          status: 409,
          description:
            "Conversion was not allowed (`allowConversion` false), or the referral's state does not allow it (`detail` names its status and stage); or a request with this Idempotency-Key is still in flight",
        },
        413,
        415,
        422,
      ],
      summary: 'Convert to an in-person referral',
      description:
        'The holder (role `specialist`), when the referral has `allowConversion`; the reason is optional. Status `completed`, stage `converted`. 409 when conversion was not allowed.',
    },
    cancel: {
      method: 'POST',
      path: 'v1/referrals/:id/cancel',
      roles: ['clinician'],
      body: ReasonRequest,
      answer: ACTED_ON,
      idempotency: 'optional',
      problems: ACTION_PROBLEMS,
      summary: 'Cancel a referral',
      description:
        'The referrer side (clinicians of the referring organization), before it is completed, with the reason. Status `cancelled`, stage `cancelled`.',
    },
  },
});

/** The specialists' pool view, served by the referrals service. */
export const QUEUE_ROUTES = routeGroup({
  name: 'queue',
  tag: 'referrals',
  upstream: 'referrals',
  routes: {
    list: {
      method: 'GET',
      path: 'v1/queue',
      roles: ['specialist'],
      query: QueueQuery,
      answer: { status: 200, type: QueuePage },
      problems: [422],
      summary: 'The claimable referrals of your specialties',
      description:
        'Role `specialist`. Referrals the caller is eligible to claim, in their specialties (or `specialty`), and those assigned to them; ' +
        'de-identified: an age band and sex, never a name, CNIC, phone, patient id or case file id. Urgent first, then earliest `claimDueAt`, then `referralId`; ' +
        'a page at a time (`limit`, `cursor`: the `nextCursor` of the previous page).',
    },
  },
});
