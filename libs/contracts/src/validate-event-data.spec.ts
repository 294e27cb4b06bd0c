import { getMetadataStorage } from 'class-validator';
import { ContractViolationError, UnknownEventTypeError } from './errors';
import { CaseFileEventData } from './events/case-file.events';
import {
  NotificationBatchCreatedData,
  NotificationCreatedData,
  WebhookDeliveredData,
  WebhookDeliveryAttemptedData,
  WebhookDeliveryFailedData,
  WebhookEndpointDisabledData,
  MessageDeliveryFailedData,
} from './events/notification.events';
import { OrganizationEventData } from './events/organization.events';
import {
  AvailabilityWindowData,
  PractitionerEventData,
  PractitionerRoleData,
} from './events/practitioner.events';
import { ReferralActorData, ReferralEventData } from './events/referral.events';
import { EVENT_REGISTRY, type EventType, getEventDefinition, listEventTypes } from './registry';
import { assertEventData, validateEventData } from './validate-event-data';

const ABSENT = Symbol('absent');

/** A deep copy of the type's sample with the field at `path` (dotted) set to `value`, or removed. */
function sampleWith(type: EventType, path: string, value: unknown): Record<string, unknown> {
  const data = structuredClone(getEventDefinition(type).sample) as Record<string, any>;
  const keys = path.split('.');
  const last = keys.pop()!;
  const parent = keys.reduce((object, key) => object[key], data);
  if (value === ABSENT) delete parent[last];
  else parent[last] = value;
  return data;
}

function rejectedFields(type: string, data: unknown): string[] {
  const result = validateEventData(type, data);
  if (result.valid) throw new Error(`${type}: expected the data to be rejected`);
  return [...new Set(result.errors.map((error) => error.field))];
}

describe('validateEventData', () => {
  it.each(listEventTypes())('accepts the sample of %s as an instance of its payload class', (type) => {
    const definition = getEventDefinition(type);
    const result = validateEventData(type, JSON.parse(JSON.stringify(definition.sample)));

    expect(result).toEqual({ valid: true, value: expect.any(definition.payload) });
  });

  it.each(listEventTypes())('rejects %s data without occurredAt, or with an unknown or PII field', (type) => {
    expect(rejectedFields(type, sampleWith(type, 'occurredAt', ABSENT))).toEqual(['occurredAt']);
    expect(rejectedFields(type, sampleWith(type, 'priorityScore', 3))).toEqual(['priorityScore']);
    expect(rejectedFields(type, sampleWith(type, 'phone', '+923001234567'))).toEqual(['phone']);
  });

  it.each<[EventType, string, unknown]>([
    ['referral.claimed', 'status', 'open'],
    ['referral.claimed', 'stage', 'queued'],
    ['referral.submitted', 'priority', 'emergency'],
    ['referral.submitted', 'specialtyCode', 'Dermatology'],
    ['referral.submitted', 'referralId', 'REF-001'],
    ['referral.submitted', 'caseFileId', ABSENT],
    ['referral.submitted', 'referringPractitionerId', null],
    ['referral.claimed', 'holderPractitionerId', 'dr-khan'],
    ['referral.claimed', 'occurredAt', '2025-03-03T16:02:41.318+05:00'],
    ['referral.claimed', 'claimDueAt', '2025-03-04T09:15:00Z'],
    ['referral.claimed', 'answerDueAt', '2025-02-30T09:15:00.000Z'],
    ['referral.released', 'reason', 'x'.repeat(501)],
    ['referral.claimed', 'actor.clientId', ABSENT],
    ['referral.claimed', 'actor.cnic', '35202-1234567-3'],
    ['referral.claimed', 'actor', 'specialist-app'],
    ['referral.submitted', 'question', 'Itchy rash for three weeks, what next?'],
    ['organization.created', 'province', 'kashmir'],
    ['organization.created', 'kind', 'pharmacy'],
    ['organization.created', 'name', 'RHU Chakwal'],
    ['organization.updated', 'active', 'true'],
    ['organization.created', 'latitude', 90.5],
    ['organization.created', 'latitude', '32.93'],
    ['organization.created', 'longitude', -180.01],
    ['organization.created', 'longitude', null],
    ['referral.consult_provided', 'recommendation', 'wait-and-see'],
    ['practitioner.registered', 'languages', ['ur', 'Urdu']],
    ['practitioner.registered', 'licenceValidUntil', '2027-12-31T00:00:00.000Z'],
    ['practitioner.registered', 'licenceValidUntil', '2027-02-30'],
    ['practitioner.registered', 'licenceType', 'temporary'],
    ['practitioner.registered', 'email', 'dr.khan@example.pk'],
    ['practitioner.role_added', 'roles', 'dermatology'],
    ['practitioner.role_added', 'roles.0.maxOpenCases', 0],
    ['practitioner.role_added', 'roles.0.maxOpenCases', 2.5],
    ['practitioner.role_added', 'roles.0.phone', '+923001234567'],
    ['practitioner.role_added', 'roles.0.availability.1.day', 'monday'],
    ['practitioner.role_added', 'roles.0.availability.2.end', '24:30'],
    ['case_file.created', 'version', 0],
    ['case_file.created', 'chiefComplaint', 'rash on both forearms'],
    ['case_file.attachment_added', 'contentType', 'rash.jpg'],
    ['case_file.attachment_added', 'size', '1482311'],
    ['notification.created', 'channel', 'fax'],
    ['notification.created', 'sourceEventType', 'ReferralClaimed'],
    ['notification.created', 'body', 'Your referral was claimed'],
    ['notification.batch_created', 'channel', 'sms'],
    ['notification.batch_created', 'count', 0],
    ['notification.batch_created', 'count', 2.5],
    ['notification.batch_created', 'notificationIds', ['64b9e1d3-8f2c-4a57-b6e0-2d8a5c9f1e34']],
    ['webhook.delivery_attempted', 'status', 'ok'],
    ['webhook.delivery_attempted', 'attempt', 0],
    ['webhook.delivery_attempted', 'responseStatus', 42],
    ['webhook.delivered', 'responseStatus', 500],
    ['webhook.delivery_failed', 'reason', 'tired'],
    ['webhook.delivery_failed', 'attempts', 0],
    ['webhook.endpoint_disabled', 'reason', 'manual'],
    ['webhook.endpoint_disabled', 'url', 'https://partner.example.pk/hooks'],
    ['message.delivery_failed', 'reason', 'tired'],
    ['message.delivery_failed', 'attempts', 0],
    ['message.delivery_failed', 'channel', 'webhook'],
    ['message.delivery_failed', 'recipient', '+923001234567'],
  ])('rejects %s data whose %s is %p, naming the field', (type, field, value) => {
    expect(rejectedFields(type, sampleWith(type, field, value))).toEqual([field]);
  });

  it.each<[EventType, string, unknown]>([
    ['referral.submitted', 'referringPractitionerId', ABSENT],
    ['referral.submitted', 'holderPractitionerId', ABSENT],
    ['referral.submitted', 'actor', ABSENT],
    ['referral.claimed', 'actor', { clientId: 'specialist-app' }],
    ['referral.consult_provided', 'recommendation', ABSENT],
    ['referral.consult_provided', 'recommendation', 'urgent-transfer'],
    ['organization.created', 'latitude', ABSENT],
    ['organization.created', 'longitude', 180],
    ['organization.updated', 'latitude', -90],
    ['practitioner.role_added', 'roles.0.availability', [{ day: 'fri', start: '00:00', end: '24:00' }]],
    ['webhook.delivery_attempted', 'responseStatus', null],
    ['webhook.delivery_attempted', 'responseStatus', ABSENT],
    ['webhook.delivery_failed', 'responseStatus', null],
    ['webhook.endpoint_disabled', 'deliveryId', ABSENT],
    ['message.delivery_failed', 'recipientPractitionerId', ABSENT],
  ])('accepts %s data whose %s is %p', (type, field, value) => {
    expect(validateEventData(type, sampleWith(type, field, value))).toMatchObject({ valid: true });
  });

  it.each([null, 'referral', 42, [], [{}]])('rejects data that is no object: %j', (data) => {
    expect(validateEventData('referral.submitted', data)).toEqual({
      valid: false,
      errors: [{ field: 'data', message: 'data must be a JSON object' }],
    });
  });

  it('does not adopt a __proto__ key from the wire as the prototype', () => {
    const sample = JSON.stringify(EVENT_REGISTRY['case_file.created'].sample);
    const data = JSON.parse(`{"__proto__": {"active": true}, ${sample.slice(1)}`);

    const result = validateEventData('case_file.created', data);
    expect(result).toEqual({ valid: true, value: expect.any(CaseFileEventData) });
    expect(result.valid && 'active' in result.value).toBe(false);
  });

  it('refuses to validate an unknown type', () => {
    expect(() => validateEventData('referral.teleported', {})).toThrow(UnknownEventTypeError);
  });
});

describe('assertEventData', () => {
  it('returns the payload instance of valid data', () => {
    const data = assertEventData('referral.claimed', EVENT_REGISTRY['referral.claimed'].sample);

    expect(data).toBeInstanceOf(ReferralEventData);
    expect((data as ReferralEventData).actor).toBeInstanceOf(ReferralActorData);
  });

  it('throws a contract violation that names every invalid field', () => {
    const data = { ...sampleWith('referral.claimed', 'stage', 'queued'), phone: '+923001234567' };

    const error = catchError(() => assertEventData('referral.claimed', data));
    expect(error).toBeInstanceOf(ContractViolationError);
    expect(error.reason).toBe('invalid referral.claimed data');
    expect(error.errors?.map((e) => e.field).sort()).toEqual(['phone', 'stage']);
    expect(error.message).toContain('phone: property phone should not exist');
    expect(error.message).toContain('stage: stage must be one of the following values: pool,');
  });
});

describe('payload classes', () => {
  const classes = [
    ReferralEventData,
    ReferralActorData,
    OrganizationEventData,
    PractitionerEventData,
    PractitionerRoleData,
    AvailabilityWindowData,
    CaseFileEventData,
    NotificationCreatedData,
    NotificationBatchCreatedData,
    WebhookDeliveryAttemptedData,
    WebhookDeliveredData,
    WebhookDeliveryFailedData,
    WebhookEndpointDisabledData,
    MessageDeliveryFailedData,
  ];

  it('cover every registered payload', () => {
    for (const type of listEventTypes()) expect(classes).toContain(getEventDefinition(type).payload);
  });

  // Events are copied to every consumer and to partners' webhooks: identity and clinical text stay home.
  it.each(classes)('%p carries no identity or clinical text', (payload) => {
    const fields = getMetadataStorage()
      .getTargetValidationMetadatas(payload, '', true, false)
      .map((metadata) => metadata.propertyName);

    expect(fields.length).toBeGreaterThan(0);
    expect(
      fields.filter((f) =>
        /name|cnic|phone|email|address|birth|question|complaint|history|advice|text|body/i.test(f),
      ),
    ).toEqual([]);
  });
});

function catchError(action: () => unknown): ContractViolationError {
  try {
    action();
  } catch (error) {
    return error as ContractViolationError;
  }
  throw new Error('expected an error');
}
