import type { Subscription } from '@medplum/fhirtypes';
import {
  REFERRAL_EVENTS,
  REFERRAL_STATUSES,
  type CreateWebhookEndpointRequest,
  type ReferralEventType,
  type ReferralStatus,
  type WebhookEndpointResource,
} from '@referral/contracts';

/**
 * The status each referral event leaves a referral in (the referrals service's state machine,
 * apps/referrals/src/workflow/state-machine.ts): a Subscription on `Task?status=X` hears the events
 * that put a referral in X. A follow-up message (after a consult, back to `in-progress`) has no event
 * of its own, so it notifies nobody, here as on the webhooks.
 */
export const EVENT_STATUS: Readonly<Record<ReferralEventType, ReferralStatus>> = {
  'referral.submitted': 'requested',
  'referral.claimed': 'received',
  'referral.released': 'requested',
  'referral.accepted': 'in-progress',
  'referral.declined': 'rejected',
  'referral.assigned': 'requested',
  'referral.redirected': 'requested',
  'referral.clarification_requested': 'on-hold',
  'referral.clarification_provided': 'in-progress',
  'referral.consult_provided': 'in-progress',
  'referral.closed': 'completed',
  'referral.converted': 'completed',
  'referral.cancelled': 'cancelled',
  'referral.claim_overdue': 'requested',
  'referral.answer_overdue': 'requested',
  'referral.escalated': 'requested',
};

/** The events that put a referral in `status`, in the contract's order (none for a status no event reaches). */
export const eventsInto = (status: string): ReferralEventType[] =>
  REFERRAL_EVENTS.map((event) => event.type).filter((type) => EVENT_STATUS[type] === status);

/** FHIR R4 task-status: a criteria code outside it is not a Task status at all. */
const TASK_STATUSES: ReadonlySet<string> = new Set([
  'draft',
  'requested',
  'received',
  'accepted',
  'rejected',
  'ready',
  'cancelled',
  'in-progress',
  'on-hold',
  'failed',
  'completed',
  'entered-in-error',
]);

/** The Task statuses some event puts a referral in, in our order. */
const REACHED = REFERRAL_STATUSES.filter((status) => eventsInto(status).length > 0);

/** A header the receiver gets with every notification, as the notifications service will take it. */
export interface WebhookHeader {
  name: string;
  value: string;
}

/**
 * The webhook endpoint a Subscription becomes: `payload: 'none'` (an R4 rest-hook without a payload is
 * an empty POST: the client then reads the Tasks) and the channel's headers.
 */
export type SubscriptionEndpointRequest = CreateWebhookEndpointRequest & {
  payload: 'none';
  headers: WebhookHeader[];
};

/** A webhook endpoint as read (header values are never shown: only their names). */
export type SubscriptionEndpoint = WebhookEndpointResource;

export type SubscriptionRead =
  | { kind: 'endpoint'; request: SubscriptionEndpointRequest; enabled: boolean }
  | { kind: 'refused'; status: 422; detail: string };

const refused = (detail: string): SubscriptionRead => ({ kind: 'refused', status: 422, detail });

/** RFC 9110 field name, then the value; a value may not break the line (no header injection). */
const HEADER = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*([^\r\n]*?)[ \t]*$/;

/** `Task` or `Task?status=a,b`: the event types to subscribe to, or why the criteria cannot be served. */
export function criteriaEventTypes(criteria: string): string[] | string {
  const [resource, query, ...rest] = criteria.trim().split('?');
  const expected = 'criteria must be Task or Task?status=<task-status>[,<task-status>…]';
  if (resource !== 'Task' || rest.length > 0) return expected;
  if (query === undefined || query === '') return ['referral.*'];
  const params = [...new URLSearchParams(query)];
  if (params.length !== 1 || params[0][0] !== 'status') {
    return `${expected}: no other search parameter is supported`;
  }
  const codes = params[0][1].split(',').map((code) => code.trim());
  const unknown = codes.filter((code) => !TASK_STATUSES.has(code));
  if (unknown.length > 0) return `not a Task status: ${unknown.join(', ')}`;
  const unreached = codes.filter((code) => eventsInto(code).length === 0);
  if (unreached.length > 0) {
    return `no referral is ever put in status ${unreached.join(', ')}: a referral reaches ${REACHED.join(', ')}`;
  }
  return REFERRAL_EVENTS.map((event) => event.type).filter((type) => codes.includes(EVENT_STATUS[type]));
}

/**
 * Reads a client's R4 Subscription as the webhook endpoint that serves it, or refuses it (422, saying
 * what we support). Served: a `rest-hook` channel with an endpoint and no payload (we notify with an
 * empty POST, which R4 defines as "go and read"; a payload would mean sending the Task itself, which a
 * webhook does not), criteria `Task` or `Task?status=…` (the events that put a referral in those
 * statuses: see EVENT_STATUS), headers as `Name: value`. `end` is refused: an endpoint does not expire
 * (delete the Subscription instead). `reason` is kept as the endpoint's description; `contact` is not
 * kept. Status `requested` or `active` make an enabled endpoint, `off` a disabled one; `error` is ours
 * to set.
 */
export function readSubscription(s: Subscription): SubscriptionRead {
  if (s.resourceType !== 'Subscription') return refused('expected a Subscription');
  const channel = s.channel;
  if (channel?.type !== 'rest-hook')
    return refused('channel.type must be rest-hook: the only channel we deliver');
  if (!channel.endpoint) return refused('a rest-hook channel needs channel.endpoint');
  if (channel.payload !== undefined) {
    return refused(
      'channel.payload must be absent: notifications are an empty POST, after which the client reads the Tasks',
    );
  }
  if (s.end !== undefined) {
    return refused('end is not supported: a subscription lasts until it is deleted or set off');
  }
  if (s.status === 'error') return refused('status error is set by the server; use requested, active or off');
  const eventTypes = criteriaEventTypes(s.criteria ?? '');
  if (typeof eventTypes === 'string') return refused(eventTypes);
  const headers: WebhookHeader[] = [];
  for (const header of channel.header ?? []) {
    const match = HEADER.exec(header);
    if (!match) return refused('each channel.header is one "Name: value" line');
    headers.push({ name: match[1], value: match[2] });
  }
  const reason = s.reason?.trim();
  return {
    kind: 'endpoint',
    enabled: s.status !== 'off',
    request: {
      url: channel.endpoint,
      eventTypes,
      ...(reason ? { description: reason } : {}),
      payload: 'none',
      headers,
    },
  };
}

/**
 * The criteria an endpoint's event types stand for, or null when they stand for none (an endpoint
 * registered through our REST API for, say, `referral.claimed` alone: no Task status is heard exactly
 * then). The inverse of criteriaEventTypes, so the endpoint need not store the criteria.
 */
export function criteriaOf(eventTypes: readonly string[]): string | null {
  if (eventTypes.includes('*') || eventTypes.includes('referral.*')) return 'Task';
  const known = new Set(eventTypes);
  const statuses = REACHED.filter((status) => eventsInto(status).some((type) => known.has(type)));
  const covered = statuses.flatMap(eventsInto);
  if (statuses.length === 0 || covered.length !== known.size || !covered.every((type) => known.has(type))) {
    return null;
  }
  return `Task?status=${statuses.join(',')}`;
}

/**
 * A webhook endpoint as the R4 Subscription it serves, or null when it serves none: an endpoint that
 * delivers our event JSON (`payload: 'event'`, what the REST API registers) or whose event types are
 * no Task criteria. Status: `active` while enabled, `off` when switched off, `error` when the platform
 * stopped delivering because the receiver answered 410 Gone. The criteria come back from the event
 * types (criteriaOf); the reason is the description.
 */
export function toSubscription(endpoint: SubscriptionEndpoint): Subscription | null {
  if (endpoint.payload !== 'none') return null;
  const criteria = criteriaOf(endpoint.eventTypes);
  if (criteria === null) return null;
  const gone = !endpoint.enabled && endpoint.disabledReason === 'gone';
  return {
    resourceType: 'Subscription',
    id: endpoint.id,
    meta: { lastUpdated: endpoint.updatedAt },
    status: endpoint.enabled ? 'active' : gone ? 'error' : 'off',
    reason: endpoint.description ?? 'Changes to referrals',
    criteria,
    ...(gone
      ? { error: 'The endpoint answered 410 Gone: notifications stopped until it is set active again' }
      : {}),
    // The channel's headers are write-only: their values are secrets the notifications service never
    // shows again (a client that needs to change one sends the Subscription with all its headers).
    channel: { type: 'rest-hook', endpoint: endpoint.url },
  };
}
