import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { defineEvent, EVENT_TYPE_PATTERN } from '../event-definition';
import { TOPICS } from '../topics';
import { IsOmittable, IsUtcInstant } from '../validators';
import { SAMPLE_IDS } from './sample-ids';

export const NOTIFICATION_CHANNELS = ['in-app', 'sms', 'email', 'webhook'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

const eventTypeMessage = { message: '$property must be an event type such as referral.claimed' };

/** A notification was created for an event; its title and body stay in the notifications service. */
export class NotificationCreatedData {
  @IsUUID()
  notificationId: string;

  @IsOmittable()
  @IsUUID()
  recipientPractitionerId?: string;

  @IsOmittable()
  @IsUUID()
  organizationId?: string;

  @IsIn(NOTIFICATION_CHANNELS)
  channel: NotificationChannel;

  @IsUUID()
  sourceEventId: string;

  @Matches(EVENT_TYPE_PATTERN, eventTypeMessage)
  sourceEventType: string;

  @IsUtcInstant()
  occurredAt: string;
}

/**
 * The in-app inbox entries one source event created, as one event (a pool of N specialists is one
 * event, not N). The entries themselves (who, title, body) stay in the notifications service; their
 * ids are not carried, since a pool may be a thousand people: `GET /v1/notifications?referralId=`
 * lists a caller's own. A redelivered source event creates no entries, and so no event.
 */
export class NotificationBatchCreatedData {
  @IsUUID()
  sourceEventId: string;

  @Matches(EVENT_TYPE_PATTERN, eventTypeMessage)
  sourceEventType: string;

  @IsUUID()
  referralId: string;

  @IsIn(['in-app'])
  channel: 'in-app';

  /** Entries created: practitioners addressed by name plus organizations' role entries. */
  @IsInt()
  @Min(1)
  count: number;

  @IsUtcInstant()
  occurredAt: string;
}

/** One attempt to deliver a webhook; `webhookId` is the `webhook-id` header (the event's CloudEvents id). */
export class WebhookDeliveryAttemptedData {
  @IsUUID()
  deliveryId: string;

  @IsUUID()
  endpointId: string;

  @IsUUID()
  webhookId: string;

  @Matches(EVENT_TYPE_PATTERN, eventTypeMessage)
  eventType: string;

  @IsInt()
  @Min(1)
  attempt: number;

  @IsIn(WEBHOOK_DELIVERY_STATUSES)
  status: WebhookDeliveryStatus;

  /** Null when no HTTP answer came back (timeout, refused connection). */
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(599)
  responseStatus?: number | null;

  @IsUtcInstant()
  occurredAt: string;
}

/** Why a delivery failed for good. */
export const WEBHOOK_FAILURE_REASONS = ['retries-exhausted', 'endpoint-gone'] as const;
export type WebhookFailureReason = (typeof WEBHOOK_FAILURE_REASONS)[number];

/** Why an endpoint stopped receiving: its receiver answered 410 Gone. */
export const WEBHOOK_DISABLE_REASONS = ['gone'] as const;
export type WebhookDisableReason = (typeof WEBHOOK_DISABLE_REASONS)[number];

/** A webhook was delivered: the receiver answered 2xx. `deliveryId` is the attempt's delivery log entry. */
export class WebhookDeliveredData {
  @IsUUID()
  deliveryId: string;

  @IsUUID()
  endpointId: string;

  @IsUUID()
  organizationId: string;

  @IsUUID()
  webhookId: string;

  @Matches(EVENT_TYPE_PATTERN, eventTypeMessage)
  eventType: string;

  /** Which attempt of its chain succeeded (1: the first). */
  @IsInt()
  @Min(1)
  attempt: number;

  @IsInt()
  @Min(200)
  @Max(299)
  responseStatus: number;

  @IsUtcInstant()
  occurredAt: string;
}

/** A webhook will not be delivered: every attempt of the schedule failed, or the receiver answered 410. */
export class WebhookDeliveryFailedData {
  /** The last attempt's delivery log entry. */
  @IsUUID()
  deliveryId: string;

  @IsUUID()
  endpointId: string;

  @IsUUID()
  organizationId: string;

  @IsUUID()
  webhookId: string;

  @Matches(EVENT_TYPE_PATTERN, eventTypeMessage)
  eventType: string;

  @IsInt()
  @Min(1)
  attempts: number;

  /** The last answer's status; null when none came back (timeout, refused connection). */
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(599)
  responseStatus?: number | null;

  @IsIn(WEBHOOK_FAILURE_REASONS)
  reason: WebhookFailureReason;

  @IsUtcInstant()
  occurredAt: string;
}

/** An endpoint was disabled by the platform (its receiver answered 410 Gone); an owner may enable it again. */
export class WebhookEndpointDisabledData {
  @IsUUID()
  endpointId: string;

  @IsUUID()
  organizationId: string;

  @IsIn(WEBHOOK_DISABLE_REASONS)
  reason: WebhookDisableReason;

  /** The attempt whose answer disabled it. */
  @IsOmittable()
  @IsUUID()
  deliveryId?: string;

  @IsUtcInstant()
  occurredAt: string;
}

/**
 * Why an SMS or email was not delivered: retried for the configured time in vain, refused for good, or
 * an attempt cut short by a crash (its outcome unknown; never repeated, so it may or may not have gone out).
 */
export const MESSAGE_FAILURE_REASONS = ['retries-exhausted', 'rejected', 'interrupted'] as const;
export type MessageFailureReason = (typeof MESSAGE_FAILURE_REASONS)[number];

/**
 * An SMS or email will not be delivered: its provider failed every attempt until the retry time ran
 * out, or refused it for good (e.g. the SMS gateway answered 400, the mail server 550). The message is
 * `outbound_message` `messageId` (status `failed`); no address, text or provider answer is carried.
 */
export class MessageDeliveryFailedData {
  @IsUUID()
  messageId: string;

  @IsIn(['sms', 'email'])
  channel: 'sms' | 'email';

  @IsOmittable()
  @IsUUID()
  recipientPractitionerId?: string;

  @IsUUID()
  referralId: string;

  /** The referral event the message was about. */
  @IsUUID()
  sourceEventId: string;

  @Matches(EVENT_TYPE_PATTERN, eventTypeMessage)
  sourceEventType: string;

  /** `http` (SMS gateway) or `smtp`. */
  @IsString()
  @MaxLength(20)
  provider: string;

  @IsInt()
  @Min(1)
  attempts: number;

  @IsIn(MESSAGE_FAILURE_REASONS)
  reason: MessageFailureReason;

  @IsUtcInstant()
  occurredAt: string;
}

// The referral.claimed event that the samples below react to.
const SOURCE_EVENT_ID = 'b3a7d5e9-2c6f-4018-9d4b-8e1c7a3f5b60';

export const NOTIFICATION_EVENTS = [
  defineEvent({
    type: 'notification.created',
    topic: TOPICS.notificationDelivery,
    payload: NotificationCreatedData,
    sample: {
      notificationId: SAMPLE_IDS.notification,
      recipientPractitionerId: SAMPLE_IDS.referringPractitioner,
      organizationId: SAMPLE_IDS.clinicOrganization,
      channel: 'sms',
      sourceEventId: SOURCE_EVENT_ID,
      sourceEventType: 'referral.claimed',
      occurredAt: '2025-03-03T11:02:41.512Z',
    },
    description:
      'A notification (in-app, SMS, email or webhook) was created for an event. No longer published for in-app entries: see notification.batch_created.',
  }),
  defineEvent({
    type: 'notification.batch_created',
    topic: TOPICS.notificationDelivery,
    payload: NotificationBatchCreatedData,
    sample: {
      sourceEventId: SOURCE_EVENT_ID,
      sourceEventType: 'referral.claimed',
      referralId: SAMPLE_IDS.referral,
      channel: 'in-app',
      count: 12,
      occurredAt: '2025-03-03T11:02:41.512Z',
    },
    description:
      'The in-app inbox entries one source event created: one event per source event, with their count.',
  }),
  defineEvent({
    type: 'webhook.delivery_attempted',
    topic: TOPICS.notificationDelivery,
    payload: WebhookDeliveryAttemptedData,
    sample: {
      deliveryId: SAMPLE_IDS.webhookDelivery,
      endpointId: SAMPLE_IDS.webhookEndpoint,
      webhookId: SOURCE_EVENT_ID,
      eventType: 'referral.claimed',
      attempt: 2,
      status: 'failed',
      responseStatus: 503,
      occurredAt: '2025-03-03T11:02:47.030Z',
    },
    description: 'A webhook delivery was attempted; a failed attempt may be retried.',
  }),
  defineEvent({
    type: 'webhook.delivered',
    topic: TOPICS.notificationDelivery,
    payload: WebhookDeliveredData,
    sample: {
      deliveryId: SAMPLE_IDS.webhookDelivery,
      endpointId: SAMPLE_IDS.webhookEndpoint,
      organizationId: SAMPLE_IDS.hospitalOrganization,
      webhookId: SOURCE_EVENT_ID,
      eventType: 'referral.claimed',
      attempt: 3,
      responseStatus: 204,
      occurredAt: '2025-03-03T11:07:52.914Z',
    },
    description: 'A webhook was delivered: the partner endpoint answered 2xx.',
  }),
  defineEvent({
    type: 'webhook.delivery_failed',
    topic: TOPICS.notificationDelivery,
    payload: WebhookDeliveryFailedData,
    sample: {
      deliveryId: SAMPLE_IDS.webhookDelivery,
      endpointId: SAMPLE_IDS.webhookEndpoint,
      organizationId: SAMPLE_IDS.hospitalOrganization,
      webhookId: SOURCE_EVENT_ID,
      eventType: 'referral.claimed',
      attempts: 10,
      responseStatus: 503,
      reason: 'retries-exhausted',
      occurredAt: '2025-03-06T14:31:09.377Z',
    },
    description: 'A webhook will not be delivered: its retries are exhausted or the endpoint is gone.',
  }),
  defineEvent({
    type: 'webhook.endpoint_disabled',
    topic: TOPICS.notificationDelivery,
    payload: WebhookEndpointDisabledData,
    sample: {
      endpointId: SAMPLE_IDS.webhookEndpoint,
      organizationId: SAMPLE_IDS.hospitalOrganization,
      reason: 'gone',
      deliveryId: SAMPLE_IDS.webhookDelivery,
      occurredAt: '2025-03-03T11:02:47.030Z',
    },
    description: 'A webhook endpoint was disabled because its receiver answered 410 Gone.',
  }),
  defineEvent({
    type: 'message.delivery_failed',
    topic: TOPICS.notificationDelivery,
    payload: MessageDeliveryFailedData,
    sample: {
      messageId: SAMPLE_IDS.outboundMessage,
      channel: 'sms',
      recipientPractitionerId: SAMPLE_IDS.referringPractitioner,
      referralId: SAMPLE_IDS.referral,
      sourceEventId: SOURCE_EVENT_ID,
      sourceEventType: 'referral.claimed',
      provider: 'http',
      attempts: 8,
      reason: 'retries-exhausted',
      occurredAt: '2025-03-03T12:02:44.120Z',
    },
    description:
      'An SMS or email will not be delivered: its provider failed until the retry time ran out, or refused it for good.',
  }),
];
