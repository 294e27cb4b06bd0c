import { randomUUID } from 'node:crypto';
import { isUUID } from 'class-validator';
import { ContractViolationError } from './errors';
import { getEventDefinition } from './registry';
import { dataschemaOf } from './topics';

/**
 * A CloudEvents 1.0 event as it travels on Kafka in binary content mode: attributes in headers, data in the value.
 *
 * Written here rather than with the `cloudevents` SDK's Kafka binding, which the specs use to check that
 * both sides read each other (the SDK stays a devDependency for that):
 * - the binding writes the trace context as the extension header `ce_traceparent` (and adds
 *   `ce_datacontenttype`); our events carry W3C `traceparent` as a plain header, which tracing reads
 *   and every consumer, DLQ and replay already expects. Adopting it would change the wire contract;
 * - reading, it accepts what we refuse as a contract violation (an id that is not a UUID) and answers
 *   other faults with its own errors (a bad `ce_time` is a RangeError), so a wrapper would redo the checks;
 * - contracts depends on nothing but validation; the SDK brings ajv, ajv-formats, json-bigint, uuid and
 *   browser polyfills (about 3.5 MB) into every service, and validates each event it builds with ajv.
 */
export interface EventEnvelope<T = unknown> {
  id: string;
  type: string;
  source: string;
  time: string;
  subject: string;
  dataschema: string;
  topic: string;
  data: T;
  traceparent?: string;
}

export type KafkaHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

const SPEC_VERSION = '1.0';
const JSON_CONTENT_TYPE = 'application/json';

/**
 * @param input.subject the aggregate id, also the Kafka key
 * @throws UnknownEventTypeError
 */
export function createEnvelope<T>(input: {
  type: string;
  subject: string;
  data: T;
  source: string;
  traceparent?: string;
  id?: string;
  time?: Date;
}): EventEnvelope<T> {
  const { topic } = getEventDefinition(input.type);
  return {
    id: input.id ?? randomUUID(),
    type: input.type,
    source: input.source,
    time: (input.time ?? new Date()).toISOString(),
    subject: input.subject,
    dataschema: dataschemaOf(topic),
    topic,
    data: input.data,
    ...(input.traceparent ? { traceparent: input.traceparent } : {}),
  };
}

export function toKafkaHeaders(e: EventEnvelope): Record<string, string> {
  return {
    ce_specversion: SPEC_VERSION,
    ce_id: e.id,
    ce_type: e.type,
    ce_source: e.source,
    ce_time: e.time,
    ce_subject: e.subject,
    ce_dataschema: e.dataschema,
    'content-type': JSON_CONTENT_TYPE,
    ...(e.traceparent ? { traceparent: e.traceparent } : {}),
  };
}

export function encodeData(e: EventEnvelope): Buffer {
  return Buffer.from(JSON.stringify(e.data));
}

/**
 * Reads the envelope of a consumed message. The data is parsed but not validated: see `validateEventData`.
 * @throws ContractViolationError when the message is not one of our CloudEvents
 */
export function fromKafkaMessage(
  topic: string,
  headers: KafkaHeaders | undefined,
  value: Buffer | string | null,
): EventEnvelope<unknown> {
  const header = (name: string) => headerText(headers?.[name]);
  const required = (name: string) => {
    const text = header(name);
    if (!text) throw new ContractViolationError(`missing header ${name}`);
    return text;
  };

  const specversion = required('ce_specversion');
  if (specversion !== SPEC_VERSION) {
    throw new ContractViolationError(`unsupported ce_specversion ${specversion}`);
  }
  const id = required('ce_id');
  if (!isUUID(id)) throw new ContractViolationError('ce_id is not a UUID');
  const time = required('ce_time');
  if (Number.isNaN(Date.parse(time))) throw new ContractViolationError('ce_time is not a timestamp');
  const contentType = header('content-type');
  if (contentType && contentType.split(';')[0].trim().toLowerCase() !== JSON_CONTENT_TYPE) {
    throw new ContractViolationError(`unsupported content-type ${contentType}`);
  }
  const traceparent = header('traceparent');

  return {
    id,
    type: required('ce_type'),
    source: required('ce_source'),
    time,
    subject: required('ce_subject'),
    dataschema: required('ce_dataschema'),
    topic,
    data: parseJson(value),
    ...(traceparent ? { traceparent } : {}),
  };
}

function headerText(value: KafkaHeaders[string]): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

function parseJson(value: Buffer | string | null): unknown {
  if (value === null || value.length === 0) throw new ContractViolationError('message has no value');
  try {
    return JSON.parse(value.toString());
  } catch {
    // The parser's message quotes the value, which may hold patient data: keep it out of logs and DLQ headers.
    throw new ContractViolationError('value is not JSON');
  }
}
