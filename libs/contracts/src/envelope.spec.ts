import { CloudEvent, Kafka } from 'cloudevents';
import {
  createEnvelope,
  encodeData,
  type EventEnvelope,
  fromKafkaMessage,
  type KafkaHeaders,
  toKafkaHeaders,
} from './envelope';
import { ContractViolationError, UnknownEventTypeError } from './errors';
import { EVENT_REGISTRY, getEventDefinition, listEventTypes } from './registry';

const SOURCE = '/referrals';
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const claimed = EVENT_REGISTRY['referral.claimed'].sample;

function claimedEnvelope(overrides: { traceparent?: string } = {}): EventEnvelope<typeof claimed> {
  return createEnvelope({
    type: 'referral.claimed',
    subject: claimed.referralId,
    data: claimed,
    source: SOURCE,
    ...overrides,
  });
}

/** Headers as kafkajs hands them to a consumer. */
function asDelivered(headers: Record<string, string>): Record<string, Buffer> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Buffer.from(value)]));
}

function violationOf(action: () => unknown): ContractViolationError {
  try {
    action();
  } catch (error) {
    if (error instanceof ContractViolationError) return error;
    throw error;
  }
  throw new Error('expected a contract violation');
}

describe('createEnvelope', () => {
  it('fills the CloudEvents attributes from the registry', () => {
    const envelope = claimedEnvelope({ traceparent: TRACEPARENT });

    expect(envelope).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      type: 'referral.claimed',
      source: SOURCE,
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      subject: claimed.referralId,
      dataschema: 'urn:schemas:referrals.referral.v1',
      topic: 'referrals.referral.v1',
      data: claimed,
      traceparent: TRACEPARENT,
    });
    expect(claimedEnvelope().id).not.toBe(envelope.id);
  });

  it('keeps a given id and time, and leaves traceparent out when there is none', () => {
    const envelope = createEnvelope({
      type: 'case_file.created',
      subject: 'c1',
      data: {},
      source: '/case-files',
      id: '0b5cf3a0-2a8e-4f54-9d63-1a7c2b9e4d10',
      time: new Date(Date.UTC(2025, 2, 3, 9, 15, 0, 7)),
    });

    expect(envelope).toMatchObject({
      id: '0b5cf3a0-2a8e-4f54-9d63-1a7c2b9e4d10',
      time: '2025-03-03T09:15:00.007Z',
      topic: 'case-files.case-file.v1',
      dataschema: 'urn:schemas:case-files.case-file.v1',
    });
    expect(envelope).not.toHaveProperty('traceparent');
  });

  it('refuses an unknown type', () => {
    expect(() =>
      createEnvelope({ type: 'referral.teleported', subject: 's', data: {}, source: SOURCE }),
    ).toThrow(UnknownEventTypeError);
  });
});

describe('toKafkaHeaders and encodeData', () => {
  it('write the attributes as ce_ headers and the data as the JSON value', () => {
    const envelope = claimedEnvelope({ traceparent: TRACEPARENT });

    expect(toKafkaHeaders(envelope)).toEqual({
      ce_specversion: '1.0',
      ce_id: envelope.id,
      ce_type: 'referral.claimed',
      ce_source: SOURCE,
      ce_time: envelope.time,
      ce_subject: claimed.referralId,
      ce_dataschema: 'urn:schemas:referrals.referral.v1',
      'content-type': 'application/json',
      traceparent: TRACEPARENT,
    });
    expect(toKafkaHeaders(claimedEnvelope())).not.toHaveProperty('traceparent');
    expect(JSON.parse(encodeData(envelope).toString('utf8'))).toEqual(claimed);
  });
});

describe('fromKafkaMessage', () => {
  it.each([{}, { traceparent: TRACEPARENT }])(
    'reads back what was written, from Buffer headers (%j)',
    (extra) => {
      const envelope = claimedEnvelope(extra);

      const read = fromKafkaMessage(
        envelope.topic,
        asDelivered(toKafkaHeaders(envelope)),
        encodeData(envelope),
      );

      expect(read).toEqual(JSON.parse(JSON.stringify(envelope)));
    },
  );

  it('reads string headers, takes the first of repeated headers and ignores headers of others', () => {
    const envelope = claimedEnvelope();
    const headers = {
      ...toKafkaHeaders(envelope),
      ce_id: [envelope.id, 'f'],
      'x-retry-count': Buffer.from('2'),
    };

    const read = fromKafkaMessage(envelope.topic, headers, encodeData(envelope).toString());

    expect(read.id).toBe(envelope.id);
    expect(read.data).toEqual(claimed);
  });

  it('accepts a JSON content type with parameters', () => {
    const envelope = claimedEnvelope();
    const headers = { ...toKafkaHeaders(envelope), 'content-type': 'application/json; charset=utf-8' };

    expect(fromKafkaMessage(envelope.topic, headers, encodeData(envelope)).data).toEqual(claimed);
  });

  it('does not validate the data', () => {
    const envelope = createEnvelope({
      type: 'referral.claimed',
      subject: 's',
      data: { phone: 'x' },
      source: SOURCE,
    });

    expect(fromKafkaMessage(envelope.topic, toKafkaHeaders(envelope), encodeData(envelope)).data).toEqual({
      phone: 'x',
    });
  });

  const valid = claimedEnvelope();
  const validHeaders = toKafkaHeaders(valid);
  const without = (name: string) =>
    Object.fromEntries(Object.entries(validHeaders).filter(([n]) => n !== name));

  type Malformed = [string, KafkaHeaders | undefined, Buffer | string | null, string];

  it.each<Malformed>([
    ['no headers at all', undefined, encodeData(valid), 'missing header ce_specversion'],
    ...['ce_id', 'ce_type', 'ce_source', 'ce_time', 'ce_subject', 'ce_dataschema', 'ce_specversion'].map(
      (name): Malformed => [`no ${name}`, without(name), encodeData(valid), `missing header ${name}`],
    ),
    [
      'an empty ce_id',
      { ...validHeaders, ce_id: Buffer.alloc(0) },
      encodeData(valid),
      'missing header ce_id',
    ],
    ['an id that is no UUID', { ...validHeaders, ce_id: 'evt-1' }, encodeData(valid), 'ce_id is not a UUID'],
    [
      'CloudEvents 0.3',
      { ...validHeaders, ce_specversion: '0.3' },
      encodeData(valid),
      'unsupported ce_specversion 0.3',
    ],
    [
      'a time that is no time',
      { ...validHeaders, ce_time: 'yesterday' },
      encodeData(valid),
      'ce_time is not a timestamp',
    ],
    [
      'an XML content type',
      { ...validHeaders, 'content-type': 'application/xml' },
      encodeData(valid),
      'unsupported content-type application/xml',
    ],
    ['a tombstone', validHeaders, null, 'message has no value'],
    ['an empty value', validHeaders, Buffer.alloc(0), 'message has no value'],
    ['a value that is no JSON', validHeaders, Buffer.from('{"referralId": 9e4c'), 'value is not JSON'],
  ])('rejects a message with %s', (_case, headers, value, reason) => {
    expect(violationOf(() => fromKafkaMessage(valid.topic, headers, value)).reason).toBe(reason);
  });

  it('keeps the value out of the error when it is no JSON', () => {
    const error = violationOf(() => fromKafkaMessage(valid.topic, validHeaders, 'cnic 35202-1234567-3'));

    expect(error.message).not.toContain('35202');
  });
});

describe('the CloudEvents SDK', () => {
  it.each(listEventTypes())('reads the %s sample event and finds it valid', (type) => {
    const { sample } = getEventDefinition(type);
    const envelope = createEnvelope({
      type,
      subject: '9e4c2f71-5a8b-4d36-a0e9-7b1f3d6c8a25',
      data: sample,
      source: SOURCE,
      traceparent: TRACEPARENT,
    });

    // The SDK compares header values as strings: a consumer decodes kafkajs' Buffers before handing them over.
    const event = Kafka.toEvent({
      headers: toKafkaHeaders(envelope),
      key: envelope.subject,
      value: encodeData(envelope),
    } as any) as CloudEvent<unknown>;

    expect(event.validate()).toBe(true);
    expect(event).toMatchObject({
      specversion: '1.0',
      id: envelope.id,
      type,
      source: SOURCE,
      subject: envelope.subject,
      time: envelope.time,
      dataschema: envelope.dataschema,
      datacontenttype: 'application/json',
      data: sample,
    });
  });

  it('is read back by us when the SDK’s Kafka binding writes it, except its ce_traceparent (why envelope.ts is ours)', () => {
    const envelope = claimedEnvelope({ traceparent: TRACEPARENT });
    const message = Kafka.binary(
      new CloudEvent({
        id: envelope.id,
        type: envelope.type,
        source: envelope.source,
        time: envelope.time,
        subject: envelope.subject,
        dataschema: envelope.dataschema,
        datacontenttype: 'application/json',
        data: envelope.data,
        traceparent: TRACEPARENT,
      }),
    );
    const headers = Object.fromEntries(
      Object.entries(message.headers).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );

    expect(headers).toMatchObject({ ce_traceparent: TRACEPARENT });
    expect(headers).not.toHaveProperty('traceparent');
    const { traceparent, ...read } = fromKafkaMessage(envelope.topic, headers, JSON.stringify(message.value));
    expect(traceparent).toBeUndefined();
    const { traceparent: _sent, ...sent } = envelope;
    expect(read).toEqual(sent);
  });
});
