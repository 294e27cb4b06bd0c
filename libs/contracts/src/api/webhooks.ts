import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  MaxLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { WEBHOOK_DELIVERY_STATUSES, type WebhookDeliveryStatus } from '../events/notification.events';
import { listEventTypes } from '../registry';
import { TOPICS } from '../topics';
import { IsOmittable } from '../validators';
import { NextCursor, PageCursor, PageLimit } from './page';

/** The `type` of the event `POST /v1/webhook-endpoints/{id}/test` sends (whatever the endpoint subscribes to). */
export const WEBHOOK_TEST_EVENT_TYPE = 'webhook.test';

/**
 * What a delivery's body is: `event`, the event's JSON (`{ type, timestamp, data }`); `none`, no body at
 * all (Content-Length 0, no Content-Type), as FHIR R4 notifies a rest-hook `Subscription` without a
 * `payload`: the receiver then searches for what changed. Signed alike (over the empty body).
 */
export const WEBHOOK_PAYLOADS = ['event', 'none'] as const;
export type WebhookPayloadKind = (typeof WEBHOOK_PAYLOADS)[number];

/** The event types partner endpoints can receive: every referral event. */
export const WEBHOOK_EVENT_TYPES: readonly string[] = listEventTypes(TOPICS.referral);

/** What `eventTypes` may hold: an exact type, every type of an entity (`referral.*`), or everything (`*`). */
export const WEBHOOK_SUBSCRIPTIONS: readonly string[] = [
  '*',
  ...new Set(WEBHOOK_EVENT_TYPES.map((type) => `${type.split('.')[0]}.*`)),
  ...WEBHOOK_EVENT_TYPES,
];

const PAYLOAD_DESCRIPTION =
  'What each delivery carries: `event` (default), the event as JSON (`{ type, timestamp, data }`); `none`, ' +
  'an empty POST (Content-Length 0, no Content-Type) with the same `webhook-*` headers, the signature ' +
  'computed over the empty body, as FHIR R4 notifies a rest-hook Subscription without `payload`.';

/** `payload`, when given: one of WEBHOOK_PAYLOADS (null is not a value: the column has no null). */
const Payload = (): PropertyDecorator =>
  applyDecorators(
    IsIn(WEBHOOK_PAYLOADS, { message: `payload must be one of ${WEBHOOK_PAYLOADS.join(', ')}` }),
    IsOmittable(),
  );

/** At most this many `headers` on an endpoint. */
export const WEBHOOK_MAX_HEADERS = 5;

/** An HTTP header name: a token (RFC 9110 §5.1, §5.6.2). */
const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Hop-by-hop headers (RFC 9110 §7.6.1, and the obsolete ones proxies still honour): not end to end. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** What the platform sets on every delivery itself (or that would change how the body is read). */
const PLATFORM_SET = new Set([
  'host',
  'content-length',
  'content-type',
  'content-encoding',
  'expect',
  'user-agent',
]);

/**
 * Why `name` may not be one of an endpoint's own `headers`, or null when it may: it must be an HTTP
 * token, and not a header that the connection (hop-by-hop), the platform (Host, Content-Length,
 * Content-Type, …) or Standard Webhooks (`webhook-*`: id, timestamp, signature) owns. Case-insensitive.
 */
export function webhookHeaderNameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || !HTTP_TOKEN.test(name) || name.length > 100) {
    return "name must be an HTTP header name of at most 100 characters: letters, digits and !#$%&'*+-.^_`|~";
  }
  const lower = name.toLowerCase();
  if (HOP_BY_HOP.has(lower)) return `name ${name} is a hop-by-hop header, not sent end to end`;
  if (PLATFORM_SET.has(lower)) return `name ${name} is set by the platform on every delivery`;
  if (lower.startsWith('webhook-')) return `name ${name}: webhook-* headers are the Standard Webhooks ones`;
  return null;
}

/**
 * Whether `value` may be a header's value: 1–4096 printable ASCII characters (tab allowed) — never CR
 * or LF (a header split into two), nor another control character.
 */
export function isWebhookHeaderValue(value: unknown): value is string {
  return (
    typeof value === 'string' && value.length >= 1 && value.length <= 4096 && /^[\t\x20-\x7e]+$/.test(value)
  );
}

/** One header sent with every delivery (FHIR R4 `Subscription.channel.header`). */
export class WebhookHeader {
  @ApiProperty({ example: 'Authorization', maxLength: 100, description: 'An HTTP header name' })
  @ValidateBy({
    name: 'isWebhookHeaderName',
    validator: {
      validate: (value) => webhookHeaderNameProblem(value) === null,
      defaultMessage: (args) => webhookHeaderNameProblem(args?.value) ?? '',
    },
  })
  name: string;

  @ApiProperty({
    example: 'Bearer 9f2c0d6e-synthetic-receiver-token',
    minLength: 1,
    maxLength: 4096,
    description: 'A secret: stored encrypted, never shown again',
  })
  @ValidateBy({
    name: 'isWebhookHeaderValue',
    validator: {
      validate: isWebhookHeaderValue,
      defaultMessage: () =>
        'value must be 1 to 4096 printable ASCII characters (tab allowed): no CR, LF or other control character',
    },
  })
  value: string;
}

const HEADERS_DESCRIPTION =
  `Up to ${WEBHOOK_MAX_HEADERS} headers sent with every delivery (FHIR R4 \`Subscription.channel.header\`, e.g. the ` +
  "receiver's `Authorization: Bearer …`). Values are secrets: stored encrypted, never returned (reads list the " +
  'names only), never logged. Names are HTTP tokens, distinct (case-insensitive), and not hop-by-hop headers, ' +
  '`Host`, `Content-Length`, `Content-Type`, `Content-Encoding`, `Expect`, `User-Agent` or `webhook-*`.';

/** `headers`, when given: up to WEBHOOK_MAX_HEADERS valid pairs of distinct names. */
const Headers = (): PropertyDecorator =>
  applyDecorators(
    Type(() => WebhookHeader),
    ValidateNested({ each: true }),
    ArrayUnique((header: { name?: unknown }) => String(header?.name).toLowerCase(), {
      message: 'headers must have distinct names (case-insensitive)',
    }),
    ArrayMaxSize(WEBHOOK_MAX_HEADERS, { message: `headers may hold at most ${WEBHOOK_MAX_HEADERS} headers` }),
    IsArray(),
    IsOmittable(),
  );

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

const URL_DESCRIPTION =
  'Where deliveries are POSTed. `https` in production (`http` is accepted outside production only). ' +
  'The host must not be or resolve to a private, loopback, link-local, unique-local, CGNAT, multicast ' +
  'or unspecified address (IPv4 or IPv6, IPv4-mapped included) unless the operator allowed it; ' +
  'checked at registration (422) and again at every delivery. Redirects are never followed.';

const EVENT_TYPES_DESCRIPTION =
  'Exact event types (`referral.claimed`), `referral.*`, or `*`. The endpoint receives the events of referrals that ' +
  "involve its organization: the referrer, and the organizations of the holder's, the target's and the acting " +
  "specialist's roles in the referral's specialty.";

/** A receiver's URL as given (trimmed): an http(s) URL of at most 2000 characters. */
const ReceiverUrl = (): PropertyDecorator =>
  applyDecorators(
    // As the decorators would stand above the property, applied bottom first.
    IsUrl(
      { require_tld: false, protocols: ['http', 'https'], require_protocol: true, allow_underscores: true },
      { message: 'url must be an http(s) URL' },
    ),
    MaxLength(2000),
    IsString(),
    trim(),
  );

/** What an endpoint subscribes to: 1–50 distinct referral event types, `referral.*` or `*`. */
const Subscription = (): PropertyDecorator =>
  applyDecorators(
    IsIn(WEBHOOK_SUBSCRIPTIONS, {
      each: true,
      message: 'each value in eventTypes must be a referral event type, referral.* or *',
    }),
    ArrayUnique(),
    ArrayMaxSize(50),
    ArrayMinSize(1),
    IsArray(),
  );

/** `POST /v1/webhook-endpoints`. */
export class CreateWebhookEndpointRequest {
  @ApiProperty({
    example: 'https://his.shifa-hospital.example.pk/webhooks/referrals',
    maxLength: 2000,
    description: URL_DESCRIPTION,
  })
  @ReceiverUrl()
  url: string;

  @ApiProperty({
    type: [String],
    example: ['referral.*'],
    minItems: 1,
    maxItems: 50,
    description: EVENT_TYPES_DESCRIPTION,
  })
  @Subscription()
  eventTypes: string[];

  @ApiPropertyOptional({ example: 'Shifa HIS production', maxLength: 500 })
  @IsOptional()
  @trim()
  @IsString()
  @Length(1, 500)
  description?: string;

  // No OpenAPI `default`: the generated client would make the property required.
  @ApiPropertyOptional({ enum: WEBHOOK_PAYLOADS, description: PAYLOAD_DESCRIPTION })
  @Payload()
  payload?: WebhookPayloadKind;

  @ApiPropertyOptional({
    type: [WebhookHeader],
    maxItems: WEBHOOK_MAX_HEADERS,
    description: HEADERS_DESCRIPTION,
  })
  @Headers()
  headers?: WebhookHeader[];

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Required from `admin`: an organization of the directory (else 422); a `partner` registers for its own organization (omit it, or give its own)',
  })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

/** `PATCH /v1/webhook-endpoints/{id}`: any of these. */
export class UpdateWebhookEndpointRequest {
  @ApiPropertyOptional({
    example: false,
    description:
      'false stops deliveries (pending ones wait); true resumes them, also after the platform disabled the endpoint (410)',
  })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({
    example: 'https://his.shifa-hospital.example.pk/webhooks/v2',
    maxLength: 2000,
    description: URL_DESCRIPTION,
  })
  @IsOptional()
  @ReceiverUrl()
  url?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['referral.claimed', 'referral.consult_provided'],
    minItems: 1,
    maxItems: 50,
    description: EVENT_TYPES_DESCRIPTION,
  })
  @IsOptional()
  @Subscription()
  eventTypes?: string[];

  @ApiPropertyOptional({ type: 'string', nullable: true, example: 'Shifa HIS staging', maxLength: 500 })
  @IsOptional()
  @trim()
  @IsString()
  @Length(1, 500)
  description?: string | null;

  @ApiPropertyOptional({ enum: WEBHOOK_PAYLOADS, description: PAYLOAD_DESCRIPTION })
  @Payload()
  payload?: WebhookPayloadKind;

  @ApiPropertyOptional({
    type: [WebhookHeader],
    maxItems: WEBHOOK_MAX_HEADERS,
    description: `${HEADERS_DESCRIPTION} Replaces every header the endpoint had (\`[]\`: none).`,
  })
  @Headers()
  headers?: WebhookHeader[];

  @ApiPropertyOptional({
    enum: [true],
    description:
      'A new secret, shown once in this answer. During the rotation window (24 h by default) deliveries carry ' +
      'signatures with both the new and the old secret (`v1,<new> v1,<old>`).',
  })
  @IsOptional()
  @Equals(true, { message: 'rotateSecret may only be true' })
  rotateSecret?: true;
}

/** `GET /v1/webhook-endpoints` filters. */
export class ListWebhookEndpointsQuery {
  @ApiPropertyOptional({ format: 'uuid', description: '`admin` only: the endpoints of this organization' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @PageLimit()
  limit?: number;

  @PageCursor('WyIyMDI1LTAzLTAzVDA5OjE1OjAwLjAwMFoiXQ')
  cursor?: string;
}

/** A partner system's webhook endpoint (never with its secret, except once in the answer that made it). */
export class WebhookEndpointResource {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ example: 'https://his.shifa-hospital.example.pk/webhooks/referrals' }) url: string;
  @ApiProperty({ type: [String], example: ['referral.*'] }) eventTypes: string[];
  @ApiProperty({ type: 'string', nullable: true, example: 'Shifa HIS production' }) description:
    string | null;
  @ApiProperty({ enum: WEBHOOK_PAYLOADS, description: PAYLOAD_DESCRIPTION }) payload: WebhookPayloadKind;
  @ApiProperty({
    type: [String],
    example: ['Authorization'],
    description: 'The names of the headers sent with every delivery; their values are never shown',
  })
  headerNames: string[];
  @ApiProperty({ description: 'Whether deliveries are sent' }) enabled: boolean;
  @ApiProperty({
    type: 'string',
    nullable: true,
    enum: ['manual', 'gone'],
    description: 'Why it is disabled: `manual` (PATCH enabled=false) or `gone` (the receiver answered 410)',
  })
  disabledReason: 'manual' | 'gone' | null;
  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'Until then deliveries are signed with the previous secret as well',
  })
  previousSecretExpiresAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

/** The answer of `POST /v1/webhook-endpoints`: the endpoint and its secret, shown this once. */
export class CreatedWebhookEndpoint extends WebhookEndpointResource {
  @ApiProperty({
    example: 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD',
    description:
      'Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. Shown once; store it.',
  })
  secret: string;
}

/** The answer of `PATCH /v1/webhook-endpoints/{id}`: with `secret` only when it was rotated. */
export class UpdatedWebhookEndpoint extends WebhookEndpointResource {
  @ApiPropertyOptional({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'The new secret, only when `rotateSecret` was true; shown once',
  })
  secret?: string;
}

export class WebhookEndpointPage {
  @ApiProperty({ type: [WebhookEndpointResource] }) items: WebhookEndpointResource[];
  @NextCursor()
  nextCursor: string | null;
}

/** One entry of the delivery log: one attempt to POST one message to one endpoint. */
export class WebhookDeliveryResource {
  @ApiProperty({
    format: 'uuid',
    description: 'This entry; `POST /v1/webhook-deliveries/{id}/replay` takes it',
  })
  id: string;
  @ApiProperty({ format: 'uuid' }) endpointId: string;
  @ApiProperty({
    format: 'uuid',
    description: 'The `webhook-id` header: the event’s CloudEvents id, the same on every attempt and replay',
  })
  webhookId: string;
  @ApiProperty({ example: 'referral.claimed' }) eventType: string;
  @ApiProperty({
    example: 1,
    description: 'Its place in its chain of attempts (a replay starts a new chain at 1)',
  })
  attempt: number;
  @ApiProperty({
    enum: WEBHOOK_DELIVERY_STATUSES,
    description:
      '`pending`: scheduled, not made yet; `succeeded`: the receiver answered 2xx; `failed`: anything else',
  })
  status: WebhookDeliveryStatus;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 503,
    description: 'null: no answer (timeout, refused, address not allowed)',
  })
  responseStatus: number | null;
  @ApiProperty({
    type: 'string',
    nullable: true,
    example: 'timeout',
    description:
      'Why it failed without a 2xx: `timeout`, `connection-failed`, `address-refused`, `redirect-not-followed`, `http-error`, `endpoint-gone`',
  })
  error: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'null while pending' })
  attemptedAt: string | null;
  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'Pending: when it is due. Failed: when the next attempt is due (null: no more attempts)',
  })
  nextAttemptAt: string | null;
  @ApiProperty({
    type: 'string',
    format: 'uuid',
    nullable: true,
    description: 'The entry this replay was asked from',
  })
  replayOf: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class WebhookDeliveryPage {
  @ApiProperty({ type: [WebhookDeliveryResource], description: 'Newest first' })
  items: WebhookDeliveryResource[];
  @NextCursor()
  nextCursor: string | null;
}

/** `GET /v1/webhook-endpoints/{id}/deliveries` filters. */
export class ListWebhookDeliveriesQuery {
  @ApiPropertyOptional({ enum: WEBHOOK_DELIVERY_STATUSES, example: 'failed' })
  @IsOptional()
  @IsIn(WEBHOOK_DELIVERY_STATUSES)
  status?: WebhookDeliveryStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the attempts of this message (`webhook-id`)' })
  @IsOptional()
  @IsUUID()
  webhookId?: string;

  @PageLimit()
  limit?: number;

  @PageCursor('WyIyMDI1LTAzLTAzVDA5OjE1OjAwLjAwMFoiXQ')
  cursor?: string;
}
