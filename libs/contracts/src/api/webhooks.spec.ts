import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import {
  CreateWebhookEndpointRequest,
  isWebhookHeaderValue,
  UpdateWebhookEndpointRequest,
  webhookHeaderNameProblem,
} from './webhooks';

/** `field: message` of every failed constraint, nested fields dotted (as the services answer 422). */
function problemsOf(type: new () => object, body: Record<string, unknown>): string[] {
  const flatten = (errors: ValidationError[], parent = ''): string[] =>
    errors.flatMap((e) => {
      const field = parent ? `${parent}.${e.property}` : e.property;
      return [
        ...Object.values(e.constraints ?? {}).map((m) => `${field}: ${m}`),
        ...flatten(e.children ?? [], field),
      ];
    });
  return flatten(validateSync(plainToInstance(type, body), { whitelist: true, forbidNonWhitelisted: true }));
}

const endpoint = (extra: Record<string, unknown>) => ({
  url: 'https://his.shifa-hospital.example.pk/fhir/notify',
  eventTypes: ['referral.*'],
  ...extra,
});
const BEARER = 'Bearer 3f9a1c7e-synthetic-receiver-token';

describe('webhook endpoint headers (FHIR R4 channel.header)', () => {
  it.each(['Authorization', 'X-Api-Key', 'x-hospital-tenant', "a!#$%&'*+-.^_`|~9"])(
    'accepts the header name %s',
    (name) => expect(webhookHeaderNameProblem(name)).toBeNull(),
  );

  it.each([
    ['', 'HTTP header name'],
    ['X Api Key', 'HTTP header name'],
    ['X-Api-Key:', 'HTTP header name'],
    ['Authorization\r\nX-Injected', 'HTTP header name'],
    ['Ünicode', 'HTTP header name'],
    ['x'.repeat(101), 'HTTP header name'],
    [42, 'HTTP header name'],
    ['Connection', 'hop-by-hop'],
    ['keep-alive', 'hop-by-hop'],
    ['Transfer-Encoding', 'hop-by-hop'],
    ['TE', 'hop-by-hop'],
    ['Upgrade', 'hop-by-hop'],
    ['Proxy-Authorization', 'hop-by-hop'],
    ['Trailer', 'hop-by-hop'],
    ['Host', 'set by the platform'],
    ['content-length', 'set by the platform'],
    ['Content-Type', 'set by the platform'],
    ['User-Agent', 'set by the platform'],
    ['webhook-signature', 'Standard Webhooks'],
    ['Webhook-Id', 'Standard Webhooks'],
    ['WEBHOOK-TIMESTAMP', 'Standard Webhooks'],
    ['webhook-anything', 'Standard Webhooks'],
  ])('refuses the header name %j (%s)', (name, reason) => {
    expect(webhookHeaderNameProblem(name)).toContain(reason);
  });

  it('accepts printable ASCII values (tab included) up to 4096 characters, and nothing else', () => {
    expect(isWebhookHeaderValue(BEARER)).toBe(true);
    expect(isWebhookHeaderValue('a\tb ~')).toBe(true);
    expect(isWebhookHeaderValue('x'.repeat(4096))).toBe(true);
    for (const value of [
      'Bearer abc\r\nX-Injected: 1',
      'Bearer abc\nX-Injected: 1',
      'Bearer abc\r',
      'nul\u0000',
      'del\u007f',
      'مریض',
      '',
      'x'.repeat(4097),
      42,
      null,
    ]) {
      expect({ value, ok: isWebhookHeaderValue(value) }).toEqual({ value, ok: false });
    }
  });

  it('takes up to five headers of distinct names on create and on change', () => {
    const five = ['Authorization', 'X-A', 'X-B', 'X-C', 'X-D'].map((name) => ({ name, value: BEARER }));
    expect(problemsOf(CreateWebhookEndpointRequest, endpoint({ headers: five }))).toEqual([]);
    expect(problemsOf(UpdateWebhookEndpointRequest, { headers: five })).toEqual([]);
    expect(problemsOf(UpdateWebhookEndpointRequest, { headers: [] })).toEqual([]);
    expect(problemsOf(CreateWebhookEndpointRequest, endpoint({}))).toEqual([]);
  });

  it('refuses more than five, repeated names, null, non-arrays and unknown fields, naming the field', () => {
    const six = ['A', 'B', 'C', 'D', 'E', 'F'].map((name) => ({ name: `X-${name}`, value: 'v' }));
    expect(problemsOf(CreateWebhookEndpointRequest, endpoint({ headers: six }))).toEqual([
      'headers: headers may hold at most 5 headers',
    ]);
    expect(
      problemsOf(UpdateWebhookEndpointRequest, {
        headers: [
          { name: 'Authorization', value: 'a' },
          { name: 'authorization', value: 'b' },
        ],
      }),
    ).toEqual(['headers: headers must have distinct names (case-insensitive)']);
    expect(problemsOf(UpdateWebhookEndpointRequest, { headers: null })).toContain(
      'headers: headers must be an array',
    );
    expect(problemsOf(UpdateWebhookEndpointRequest, { headers: 'Authorization: x' })).not.toEqual([]);
    expect(
      problemsOf(UpdateWebhookEndpointRequest, { headers: [{ name: 'X-A', value: 'v', secret: true }] }),
    ).toEqual(['headers.0.secret: property secret should not exist']);
  });

  it('names the header that is refused, and never echoes a value', () => {
    const problems = problemsOf(
      CreateWebhookEndpointRequest,
      endpoint({
        headers: [
          { name: 'Authorization', value: `${BEARER}\r\nX-Injected: 1` },
          { name: 'Host', value: BEARER },
          { name: 'webhook-signature', value: BEARER },
          { name: 'X-Ok', value: BEARER },
        ],
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^headers\.0\.value: value must be .*no CR, LF/),
      'headers.1.name: name Host is set by the platform on every delivery',
      'headers.2.name: name webhook-signature: webhook-* headers are the Standard Webhooks ones',
    ]);
    expect(problems.join('\n')).not.toContain('synthetic-receiver-token');
  });

  it('refuses a payload other than event or none, null included', () => {
    expect(problemsOf(UpdateWebhookEndpointRequest, { payload: 'none' })).toEqual([]);
    expect(problemsOf(UpdateWebhookEndpointRequest, { payload: null })).toEqual([
      'payload: payload must be one of event, none',
    ]);
    expect(problemsOf(CreateWebhookEndpointRequest, endpoint({ payload: 'full-resource' }))).toEqual([
      'payload: payload must be one of event, none',
    ]);
  });
});
