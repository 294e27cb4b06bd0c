import {
  WEBHOOK_TEST_EVENT_TYPE,
  type ReferralEventData,
  type WebhookPayloadKind,
} from '@referral/contracts';

/** Standard Webhooks payload: `{ type, timestamp, data }`. */
export interface WebhookPayload {
  type: string;
  /** When the event happened (RFC 3339 UTC). */
  timestamp: string;
  data: Record<string, unknown>;
}

/**
 * The thin body of a referral event (API.md): ids, codes, states and times — never the question,
 * the reason text, the patient or the case file. The partner reads details over the API, where its
 * rights are checked. Built once per event: every endpoint and every attempt gets the same bytes.
 */
export function referralWebhookBody(type: string, data: ReferralEventData): string {
  const payload: WebhookPayload = {
    type,
    timestamp: data.occurredAt,
    data: {
      referralId: data.referralId,
      status: data.status,
      stage: data.stage,
      priority: data.priority,
      specialtyCode: data.specialtyCode,
      referringOrganizationId: data.referringOrganizationId,
      targetPractitionerId: data.targetPractitionerId ?? null,
      holderPractitionerId: data.holderPractitionerId ?? null,
      claimDueAt: data.claimDueAt ?? null,
      answerDueAt: data.answerDueAt ?? null,
      occurredAt: data.occurredAt,
    },
  };
  return JSON.stringify(payload);
}

/** The body of `webhook.test`: which endpoint it is for. */
export function testWebhookBody(endpointId: string, organizationId: string, at: Date): string {
  const payload: WebhookPayload = {
    type: WEBHOOK_TEST_EVENT_TYPE,
    timestamp: at.toISOString(),
    data: { endpointId, organizationId, occurredAt: at.toISOString() },
  };
  return JSON.stringify(payload);
}

/**
 * What one endpoint is sent of a message: its body (`event`), or nothing (`none`: FHIR R4 notifies a
 * rest-hook Subscription without `payload` by an empty POST; the receiver then searches). The message's
 * body is still built once per event, for the endpoints that want it; the empty one costs nothing.
 */
export function deliveredBody(payload: WebhookPayloadKind, messageBody: string): string {
  return payload === 'none' ? '' : messageBody;
}
