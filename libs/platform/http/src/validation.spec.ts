import 'reflect-metadata';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import * as contracts from '@referral/contracts';
import { ValidationProblem } from './problem-details';
import { createValidationPipe } from './validation';

type Body = Record<string, unknown>;
type RequestClass = new () => object;

const UUID = '5a1c2e3f-4b6d-4e8f-9a0b-1c2d3e4f5a6b';
const availability = [
  { day: 'mon', start: '18:00', end: '22:00' },
  { day: 'sun', start: '20:00', end: '24:00' },
];
const caseFile = {
  chiefComplaint: 'Itchy rash on both forearms for three weeks',
  history: 'Started after the wheat harvest.',
  vitals: {
    temperature: { value: 101.3, unit: 'F' },
    pulse: 80,
    bloodPressure: { systolic: 130, diastolic: 85, unit: 'mmHg' },
    respiratoryRate: 20,
    spo2: 97,
    weight: { value: 128, unit: 'lb' },
    height: { value: 160, unit: 'cm' },
    bloodGlucose: { value: 7.8, unit: 'mmol/L' },
  },
  medications: [{ name: 'Cetirizine', dose: '10 mg', frequency: 'at night' }],
  allergies: [{ substance: 'Penicillin', reaction: 'hives' }],
};

/**
 * A valid body of every request type with nested objects or arrays of objects (and of the request
 * types whose arrays hold plain values): each must come through the pipe unchanged.
 */
const requests: [RequestClass, Body][] = [
  [contracts.CreateCaseFileRequest, { patientId: UUID, ...caseFile }],
  [contracts.UpdateCaseFileRequest, caseFile],
  [
    contracts.CreatePractitionerRoleRequest,
    { specialtyCode: 'dermatology', organizationId: UUID, maxOpenCases: 10, availability },
  ],
  [contracts.UpdatePractitionerRoleRequest, { maxOpenCases: 4, active: true, availability }],
  [
    contracts.NotificationPreferencesRequest,
    { channels: ['sms'], quietHours: { start: '22:00', end: '07:00' }, language: 'ur' },
  ],
  [contracts.PostMessageRequest, { kind: 'note', text: 'Photo of day 3 attached', attachmentIds: [UUID] }],
  [
    contracts.ConsultRequest,
    { assessment: 'Tinea corporis', advice: 'Topical terbinafine', recommendation: 'manage-locally' },
  ],
  [contracts.CloseReferralRequest, { questionAnswered: true, travelAvoided: true, rating: 5 }],
  [
    contracts.CreateWebhookEndpointRequest,
    { url: 'https://emr.example.pk/hooks', eventTypes: ['referral.*'], organizationId: UUID },
  ],
  [contracts.UpdateWebhookEndpointRequest, { enabled: true, eventTypes: ['referral.accepted'] }],
];

/** Request types reached only through another one's nested field. */
const nestedIn = new Map<string, RequestClass>([['Vitals', contracts.CreateCaseFileRequest]]);

async function validate(metatype: RequestClass, body: unknown): Promise<unknown> {
  return createValidationPipe().transform(body, { type: 'body', metatype });
}

async function errorsOf(
  metatype: RequestClass,
  body: unknown,
): Promise<{ field: string; message: string }[]> {
  try {
    await validate(metatype, body);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationProblem);
    return (error as ValidationProblem).toProblem().errors ?? [];
  }
  throw new Error(`expected ${JSON.stringify(body)} to be refused`);
}

interface Node {
  path: string[];
  value: Body;
  /** In an array (an element), else a field of an object or the body itself. */
  inArray: boolean;
}

/** Every object of the body, the body first, with its path. */
function objectsOf(value: unknown, path: string[] = [], inArray = false): Node[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => objectsOf(v, [...path, String(i)], true));
  if (value === null || typeof value !== 'object') return [];
  return [
    { path, value: value as Body, inArray },
    ...Object.entries(value).flatMap(([k, v]) => objectsOf(v, [...path, k])),
  ];
}

/** A deep copy of `body` with the value at `path` replaced. */
function replaced(body: Body, path: string[], replace: (value: unknown) => unknown): Body {
  const copy = structuredClone(body);
  if (path.length === 0) return replace(copy) as Body;
  const parent = path.slice(0, -1).reduce<Record<string, unknown>>((o, k) => o[k] as never, copy);
  parent[path.at(-1)!] = replace(parent[path.at(-1)!]);
  return copy;
}

const dotted = (path: string[]) => path.join('.');

describe('createValidationPipe: nested objects', () => {
  describe.each(requests.map(([type, body]) => [type.name, type, body] as const))('%s', (_, type, body) => {
    it('passes a valid body through with every value kept', async () => {
      expect(JSON.parse(JSON.stringify(await validate(type, body)))).toEqual(body);
    });

    it.each(objectsOf(body).map((node) => [dotted(node.path) || '(the body)', node] as const))(
      'refuses an unknown field in %s with 422 naming its path',
      async (_, node) => {
        const field = dotted([...node.path, 'pulseRate']);
        const errors = await errorsOf(
          type,
          replaced(body, node.path, (o) => ({ ...(o as Body), pulseRate: 80 })),
        );
        expect(errors).toEqual([{ field, message: 'property pulseRate should not exist' }]);
      },
    );

    const nested = objectsOf(body).filter((node) => node.path.length > 0);
    if (nested.length > 0) {
      it.each(nested.map((node) => [dotted(node.path), node] as const))(
        'refuses %s given as an array of it (its values would vanish) with 422 naming it',
        async (_, node) => {
          const errors = await errorsOf(
            type,
            replaced(body, node.path, (o) => [o]),
          );
          // an element is named by its array (class-validator's `each` reports there)
          const field = dotted(node.inArray ? node.path.slice(0, -1) : node.path);
          expect(errors).toContainEqual({
            field,
            message: `${node.inArray ? 'each value in ' : ''}${field.split('.').at(-1)} must be an object`,
          });
          expect(errors.every((e) => e.field.startsWith(field))).toBe(true);
        },
      );
    }
  });

  it('the vitals of the issue: a pulse and an SpO2 are kept, an unknown vital is refused', async () => {
    const body = { patientId: UUID, chiefComplaint: 'Fever', vitals: { pulse: 80, spo2: 97 } };
    expect(await validate(contracts.CreateCaseFileRequest, body)).toMatchObject(body);
    expect(
      await errorsOf(contracts.CreateCaseFileRequest, { ...body, vitals: { pulse: 80, heartRate: 80 } }),
    ).toEqual([{ field: 'vitals.heartRate', message: 'property heartRate should not exist' }]);
    const asArray = await errorsOf(contracts.CreateCaseFileRequest, {
      ...body,
      vitals: [{ pulse: 80, spo2: 97 }],
    });
    expect(asArray).toContainEqual({ field: 'vitals', message: 'vitals must be an object' });
  });

  it('covers every contract type that validates nested objects', () => {
    const covered = new Set([...requests.map(([type]) => type.name), ...nestedIn.keys()]);
    const withNested = Object.values(contracts)
      .filter((value): value is RequestClass => typeof value === 'function')
      // event payloads (`…Data`) are checked by validateEventData, not by this pipe
      .filter((type) => !type.name.endsWith('Data'))
      .filter((type) =>
        getMetadataStorage()
          .getTargetValidationMetadatas(type, '', true, false)
          .some((metadata) => metadata.type === ValidationTypes.NESTED_VALIDATION),
      )
      .map((type) => type.name);
    expect(withNested.length).toBeGreaterThan(0);
    expect(withNested.filter((name) => !covered.has(name))).toEqual([]);
  });
});

describe('createValidationPipe: query strings', () => {
  const query = (value: unknown) =>
    createValidationPipe().transform(value, { type: 'query', metatype: contracts.ListOutboundMessagesQuery });

  async function problemOf(value: unknown) {
    try {
      await query(value);
    } catch (error) {
      return (error as ValidationProblem).toProblem();
    }
    throw new Error('expected the query to be refused');
  }

  it('refuses U+0000 (`%00`) in a parameter with 422 nul-character naming it, as in a body', async () => {
    expect(await problemOf({ recipient: '+923001234567\0' })).toMatchObject({
      status: 422,
      type: 'urn:problem-type:nul-character',
      errors: [{ field: 'recipient', message: 'must not contain the NUL character (U+0000)' }],
    });
  });

  it('refuses a lone surrogate in a parameter or its name with 422 invalid-unicode', async () => {
    expect(await problemOf({ recipient: 'x\ud800' })).toMatchObject({
      status: 422,
      type: 'urn:problem-type:invalid-unicode',
      errors: [{ field: 'recipient', message: expect.stringContaining('lone UTF-16 surrogate') }],
    });
    expect((await problemOf({ ['r\udc00']: 'x' })).type).toBe('urn:problem-type:invalid-unicode');
  });

  it('passes an ordinary query', async () => {
    expect(await query({ recipient: '+923001234567', limit: '5' })).toMatchObject({
      recipient: '+923001234567',
      limit: 5,
    });
  });
});
