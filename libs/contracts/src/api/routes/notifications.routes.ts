import {
  ListNotificationsQuery,
  ListOutboundMessagesQuery,
  NotificationPage,
  NotificationPreferencesRequest,
  NotificationPreferencesResource,
  NotificationResource,
  OutboundMessagePage,
} from '../notifications';
import {
  CreatedWebhookEndpoint,
  CreateWebhookEndpointRequest,
  ListWebhookDeliveriesQuery,
  ListWebhookEndpointsQuery,
  UpdatedWebhookEndpoint,
  UpdateWebhookEndpointRequest,
  WebhookDeliveryPage,
  WebhookDeliveryResource,
  WebhookEndpointPage,
  WebhookEndpointResource,
} from '../webhooks';
import { KEY_REUSED, routeGroup, type RouteProblem } from './route-declaration';

/** Preferences belong to a practitioner: the roles of people. */
const PRACTITIONERS = ['clinician', 'specialist', 'coordinator'] as const;

/** Webhook endpoints: their own organization's (`partner`), or any (`admin`). */
const ENDPOINT_OWNERS = ['admin', 'partner'] as const;

/** 404 on an endpoint: unknown, or another organization's. */
const ENDPOINT_NOT_VISIBLE: RouteProblem = {
  status: 404,
  description: "No such webhook endpoint, or another organization's",
};

const OWNERS =
  'Roles `partner` (endpoints of its own organization) and `admin` (every organization); other roles 403, other organizations 404.';

/** The caller's in-app inbox: any authenticated caller has one (possibly empty). */
export const NOTIFICATION_ROUTES = routeGroup({
  name: 'notifications',
  tag: 'notifications',
  upstream: 'notifications',
  routes: {
    list: {
      method: 'GET',
      path: 'v1/notifications',
      query: ListNotificationsQuery,
      answer: { status: 200, type: NotificationPage },
      problems: [422],
      summary: 'Your in-app notifications',
      description:
        'Any role. Entries addressed to the practitioner the token acts for, and to your organization’s callers with one of your roles (its coordinators); newest first, paged with `cursor`.',
    },
    read: {
      method: 'POST',
      path: 'v1/notifications/:id/read',
      answer: { status: 200, type: NotificationResource },
      problems: [400, 404],
      summary: 'Mark a notification read',
      description: 'Its owner only (another caller: 404). Marking it again keeps the first time.',
    },
  },
});

/** The send log of SMS and email (and the development sinks' mailbox), for administrators. */
export const OUTBOUND_MESSAGE_ROUTES = routeGroup({
  name: 'outboundMessages',
  tag: 'notifications',
  upstream: 'notifications',
  routes: {
    list: {
      method: 'GET',
      path: 'v1/admin/outbound-messages',
      roles: ['admin'],
      query: ListOutboundMessagesQuery,
      answer: { status: 200, type: OutboundMessagePage },
      problems: [422],
      summary: 'SMS and email sent, failed or skipped',
      description:
        'Role `admin`. The send log of the notifications service, newest first; with the development sinks ' +
        '(`provider: sink`) the messages that would have been sent. Texts carry a short reference, the specialty, ' +
        'the priority and a link, never patient identity. `parts` and `encoding` are the SMS parts billed ' +
        '(GSM-7 160/153, UCS-2 70/67). `recipient` matches a phone in any Pakistani mobile form or an email address.',
    },
  },
});

/** The calling practitioner's own notification preferences (a token without a practitioner has none). */
export const NOTIFICATION_PREFERENCE_ROUTES = routeGroup({
  name: 'notificationPreferences',
  tag: 'notifications',
  upstream: 'notifications',
  routes: {
    get: {
      method: 'GET',
      path: 'v1/notification-preferences',
      roles: PRACTITIONERS,
      answer: { status: 200, type: NotificationPreferencesResource },
      problems: [422],
      summary: 'Your notification preferences',
      description:
        'Roles `clinician`, `specialist`, `coordinator`, for the practitioner the token acts for (a client without one: 422). The defaults until you choose: SMS and email, no quiet hours, your language.',
    },
    put: {
      method: 'PUT',
      path: 'v1/notification-preferences',
      roles: PRACTITIONERS,
      body: NotificationPreferencesRequest,
      answer: { status: 200, type: NotificationPreferencesResource },
      problems: [400, 413, 415, 422],
      summary: 'Choose how you hear about referrals',
      description:
        'Channels besides the in-app inbox (which always has everything), quiet hours in Asia/Karachi during which routine news waits (urgent referrals do not), and the language of SMS and email.',
    },
  },
});

/**
 * Webhook endpoints of partner systems (Standard Webhooks 1.0). Deliveries carry `webhook-id` (the
 * event's CloudEvents id, the same on every attempt and replay), `webhook-timestamp` and
 * `webhook-signature` (`v1,` + base64 HMAC-SHA256 of `id.timestamp.body` with the secret's base64 after
 * `whsec_`); the body is `{ type, timestamp, data: { referralId, status, stage, priority, specialtyCode,
 * … ids only } }`, or none at all for an endpoint with `payload: none` (FHIR R4 rest-hook without
 * payload: an empty POST, signed over the empty body).
 */
export const WEBHOOK_ENDPOINT_ROUTES = routeGroup({
  name: 'webhookEndpoints',
  tag: 'webhooks',
  upstream: 'notifications',
  routes: {
    register: {
      method: 'POST',
      path: 'v1/webhook-endpoints',
      roles: ENDPOINT_OWNERS,
      body: CreateWebhookEndpointRequest,
      answer: { status: 201, type: CreatedWebhookEndpoint },
      idempotency: 'optional',
      problems: [
        400,
        {
          status: 403,
          description: 'The caller’s role may not, or a partner named another organization',
        },
        409,
        413,
        415,
        {
          status: 422,
          description:
            'Not valid: e.g. an unknown event type, a refused header (more than 5, a name repeated, not a token, hop-by-hop, Host, Content-*, webhook-*; a value with CR/LF), a URL that is not https (in production), does not resolve, or is or resolves to a private address; an admin without `organizationId`, or naming an organization the directory does not know',
        },
      ],
      summary: 'Register a webhook endpoint',
      description:
        'Role `partner` for its own organization, or `admin` with `organizationId`. The endpoint receives the events ' +
        'of referrals involving the organization (the referrer, and the organizations of the holder’s, the target’s and ' +
        'the acting specialist’s roles in the referral’s specialty), of the types it subscribes to. The answer carries ' +
        'the signing secret, shown this once. `payload: none` makes every delivery an empty POST (Content-Length 0, ' +
        'no Content-Type) with the same signed `webhook-*` headers, as FHIR R4 notifies a rest-hook Subscription ' +
        'without `payload`. `headers` (up to 5) are sent with every delivery, e.g. the receiver’s `Authorization` ' +
        '(FHIR R4 `channel.header`); their values are stored encrypted and never shown again (reads list `headerNames`). ' +
        'Deliveries are retried with backoff over about three days (at once, 5 s, ' +
        '5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h, with jitter; a longer `Retry-After` is honoured); a 2xx answer ' +
        'succeeds; 410 disables the endpoint; redirects are not followed; 15 s timeout.',
    },
    list: {
      method: 'GET',
      path: 'v1/webhook-endpoints',
      roles: ENDPOINT_OWNERS,
      query: ListWebhookEndpointsQuery,
      answer: { status: 200, type: WebhookEndpointPage },
      problems: [422],
      summary: 'List webhook endpoints',
      description:
        'A `partner` lists its own organization’s; an `admin` every organization’s, or one’s with `organizationId`. Oldest first.',
    },
    get: {
      method: 'GET',
      path: 'v1/webhook-endpoints/:id',
      roles: ENDPOINT_OWNERS,
      answer: { status: 200, type: WebhookEndpointResource },
      problems: [400, ENDPOINT_NOT_VISIBLE],
      summary: 'Read a webhook endpoint',
      description: `${OWNERS} Never with its secret.`,
    },
    update: {
      method: 'PATCH',
      path: 'v1/webhook-endpoints/:id',
      roles: ENDPOINT_OWNERS,
      body: UpdateWebhookEndpointRequest,
      answer: { status: 200, type: UpdatedWebhookEndpoint },
      problems: [400, ENDPOINT_NOT_VISIBLE, 413, 415, 422],
      summary: 'Change, enable, disable a webhook endpoint, or rotate its secret',
      description:
        `${OWNERS} \`payload\` and \`headers\` (which replace every header the endpoint had; \`[]\`: none) apply from the next attempt on, retries of earlier messages included. With \`rotateSecret: true\` the answer carries the new secret, shown this once; during the rotation ` +
        'window (24 h by default) deliveries carry both signatures, `v1,<new> v1,<old>`.',
    },
    remove: {
      method: 'DELETE',
      path: 'v1/webhook-endpoints/:id',
      roles: ENDPOINT_OWNERS,
      answer: { status: 204, description: 'Deleted' },
      problems: [400, ENDPOINT_NOT_VISIBLE],
      summary: 'Delete a webhook endpoint',
      description: `${OWNERS} Its pending deliveries and its delivery log go with it.`,
    },
    test: {
      method: 'POST',
      path: 'v1/webhook-endpoints/:id/test',
      roles: ENDPOINT_OWNERS,
      answer: { status: 202, type: WebhookDeliveryResource },
      idempotency: 'optional',
      problems: [
        400,
        ENDPOINT_NOT_VISIBLE,
        {
          status: 409,
          description: 'The endpoint is disabled, or a request with this Idempotency-Key is in flight',
        },
        KEY_REUSED,
      ],
      summary: 'Send a test event to a webhook endpoint',
      description: `${OWNERS} No body. Sends a \`webhook.test\` message, whatever the endpoint subscribes to; the answer is its pending delivery log entry.`,
    },
    deliveries: {
      method: 'GET',
      path: 'v1/webhook-endpoints/:id/deliveries',
      roles: ENDPOINT_OWNERS,
      query: ListWebhookDeliveriesQuery,
      answer: { status: 200, type: WebhookDeliveryPage },
      problems: [400, ENDPOINT_NOT_VISIBLE, 422],
      summary: "A webhook endpoint's delivery log",
      description:
        `${OWNERS} One entry per attempt, newest first: status codes and times; a failed attempt that will be ` +
        'retried has `nextAttemptAt`. Filter by `status` or `webhookId`.',
    },
  },
});

/** Replaying one entry of a delivery log. */
export const WEBHOOK_DELIVERY_ROUTES = routeGroup({
  name: 'webhookDeliveries',
  tag: 'webhooks',
  upstream: 'notifications',
  routes: {
    replay: {
      method: 'POST',
      path: 'v1/webhook-deliveries/:id/replay',
      roles: ENDPOINT_OWNERS,
      answer: { status: 202, type: WebhookDeliveryResource },
      idempotency: 'optional',
      problems: [
        400,
        { status: 404, description: "No such delivery, or another organization's" },
        {
          status: 409,
          description:
            'The endpoint is disabled, an attempt of this message is still pending, or a request with this Idempotency-Key is in flight',
        },
        KEY_REUSED,
      ],
      summary: 'Replay a webhook delivery',
      description:
        `${OWNERS} No body. Sends the same message (same \`webhook-id\`, same body) to the same endpoint again, in a new ` +
        'chain of attempts; the answer is its pending first entry.',
    },
  },
});
