import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestService } from '@referral/testing-service';
import { startGateway } from './support/gateway';

const run = promisify(execFile);
const root = join(__dirname, '../../..');
const bin = (name: string) => join(root, 'node_modules/.bin', name);
/** The committed copy of the document and the client types generated from it. */
const COMMITTED_DOCUMENT = join(root, 'libs/api-client/openapi.json');
const COMMITTED_SCHEMA = join(root, 'libs/api-client/src/schema.ts');
/** `npm run openapi:update` sets this: write the served document and its types instead of comparing. */
const UPDATE = process.env.UPDATE_OPENAPI === '1';

type Operation = {
  operationId?: string;
  parameters?: Array<{ name: string; in: string }>;
  security?: unknown[];
  requestBody?: { content: Record<string, { schema?: { $ref?: string } }> };
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
};
type Schema = {
  properties?: Record<string, { example?: unknown; $ref?: string; format?: string }>;
  required?: string[];
  example?: unknown;
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

describe('the public OpenAPI document', () => {
  let gateway: TestService;
  let document: {
    openapi: string;
    paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
    components: { schemas: Record<string, Schema>; securitySchemes: Record<string, unknown> };
    security: unknown[];
  };
  let served: string;
  let work: string;

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((method) => ({ path, method, operation: item[method]! })),
    );
  const schemaOf = (ref: string) => document.components.schemas[ref.replace('#/components/schemas/', '')];

  beforeAll(async () => {
    gateway = await startGateway();
    const response = await fetch(`${gateway.url}/docs/openapi.json`);
    expect(response.status).toBe(200);
    served = `${JSON.stringify(await response.json(), null, 2)}\n`;
    document = JSON.parse(served);
    work = mkdtempSync(join(tmpdir(), 'openapi-'));
    writeFileSync(join(work, 'openapi.json'), served);
  });

  afterAll(async () => {
    await gateway?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('is OpenAPI 3.1 with bearer and client-credentials security, required unless the route is public', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['bearer', 'oauth2']);
    expect(document.security).toEqual([{ bearer: [] }, { oauth2: [] }]);
    const publicOperations = operations()
      .filter(({ operation }) => Array.isArray(operation.security) && operation.security.length === 0)
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`)
      .sort();
    expect(publicOperations).toEqual([
      'GET /.well-known/jwks.json',
      'GET /.well-known/smart-configuration',
      'GET /fhir/R4/.well-known/smart-configuration',
      'POST /v1/auth/token',
    ]);
  });

  it('documents the public routes of every service behind the gateway, and no internal route', () => {
    const routes = operations().map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /v1/referrals',
        'GET /v1/referrals',
        'GET /v1/referrals/{id}',
        'GET /v1/referrals/{id}/history',
        'GET /v1/queue',
        'GET /v1/reports/referrals',
        'POST /v1/referrals/{id}/claim',
        'POST /v1/referrals/{id}/release',
        'POST /v1/referrals/{id}/accept',
        'POST /v1/referrals/{id}/decline',
        'POST /v1/referrals/{id}/assign',
        'POST /v1/referrals/{id}/messages',
        'GET /v1/referrals/{id}/messages',
        'POST /v1/referrals/{id}/consult',
        'POST /v1/referrals/{id}/close',
        'POST /v1/referrals/{id}/convert',
        'POST /v1/referrals/{id}/cancel',
        'GET /v1/notifications',
        'POST /v1/webhook-endpoints',
        'GET /v1/webhook-endpoints',
        'GET /v1/webhook-endpoints/{id}',
        'PATCH /v1/webhook-endpoints/{id}',
        'DELETE /v1/webhook-endpoints/{id}',
        'POST /v1/webhook-endpoints/{id}/test',
        'GET /v1/webhook-endpoints/{id}/deliveries',
        'POST /v1/webhook-deliveries/{id}/replay',
        'GET /v1/specialties',
        'POST /v1/organizations',
        'PATCH /v1/organizations/{id}',
        'GET /v1/practitioners',
        'POST /v1/practitioners/{id}/roles',
        'PATCH /v1/practitioners/{id}/roles/{roleId}',
        'POST /v1/api-clients',
        'GET /v1/api-clients',
        'DELETE /v1/api-clients/{id}',
        'POST /v1/signing-keys/rotate',
      ]),
    );
    expect(routes.filter((r) => /health|metrics|docs/.test(r))).toEqual([]);
  });

  it('gives every error answer as problem+json (OAuth errors of the token endpoint excepted)', () => {
    for (const { path, method, operation } of operations()) {
      const statuses = Object.keys(operation.responses);
      expect({ path, method, success: statuses.some((s) => s.startsWith('2')) }).toEqual({
        path,
        method,
        success: true,
      });
      if (path === '/v1/auth/token') continue;
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        expect({
          path,
          method,
          status,
          types: Object.keys(operation.responses[status].content ?? {}),
        }).toEqual({
          path,
          method,
          status,
          types: ['application/problem+json'],
        });
      }
      if (operation.security === undefined) {
        expect({ path, method, has401: '401' in operation.responses }).toEqual({
          path,
          method,
          has401: true,
        });
      }
    }
  });

  it('pages every list the same way: `limit` and `cursor` in, `{ items, nextCursor }` out (API.md "Lists")', () => {
    const lists = operations().flatMap(({ path, method, operation }) => {
      const ref = operation.responses['200']?.content?.['application/json']?.schema?.$ref;
      const schema = ref ? schemaOf(ref) : undefined;
      if (method !== 'get' || !schema?.properties?.items) return [];
      const query = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      return [
        {
          list: `GET ${path}`,
          limit: query.includes('limit'),
          cursor: query.includes('cursor'),
          answer: Object.keys(schema.properties).sort(),
          required: [...(schema.required ?? [])].sort(),
        },
      ];
    });
    expect(lists.map((l) => l.list)).toEqual(
      expect.arrayContaining([
        'GET /v1/referrals',
        'GET /v1/referrals/{id}/history',
        'GET /v1/referrals/{id}/messages',
        'GET /v1/queue',
        'GET /v1/notifications',
        'GET /v1/webhook-endpoints',
        'GET /v1/webhook-endpoints/{id}/deliveries',
        'GET /v1/api-clients',
      ]),
    );
    const paged = {
      limit: true,
      cursor: true,
      answer: ['items', 'nextCursor'],
      required: ['items', 'nextCursor'],
    };
    // An exact lookup by CNIC finds at most one patient: its nextCursor is always null, so no cursor
    // can follow (one is refused, 422, as a field the query does not have).
    const oneMatch = { ...paged, cursor: false };
    expect(
      lists.filter(
        ({ list, ...rest }) =>
          JSON.stringify(rest) !== JSON.stringify(list === 'GET /v1/patients' ? oneMatch : paged),
      ),
    ).toEqual([]);
  });

  it('has an example for every required field of every JSON request body', () => {
    const missing: string[] = [];
    for (const { path, method, operation } of operations()) {
      for (const [type, media] of Object.entries(operation.requestBody?.content ?? {})) {
        if (!media.schema?.$ref) {
          missing.push(`${method} ${path} ${type}: no schema`);
          continue;
        }
        const schema = schemaOf(media.schema.$ref);
        for (const name of schema.required ?? []) {
          const property = schema.properties?.[name];
          // A file (multipart, format binary) has no example to give.
          const exempt = property?.$ref || property?.format === 'binary';
          if (property?.example === undefined && !exempt) missing.push(`${method} ${path} ${name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('passes Redocly lint with the recommended rules: no errors, no warnings but the known one', async () => {
    const { stdout } = await run(
      bin('redocly'),
      ['lint', join(work, 'openapi.json'), '--config', join(root, 'redocly.yaml'), '--format', 'json'],
      {
        cwd: root,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    ).catch((error: { stdout: string; stderr: string }) => ({ stdout: error.stdout }));
    const report = JSON.parse(stdout) as {
      problems: Array<{
        ruleId: string;
        severity: string;
        message: string;
        location: Array<{ pointer: string }>;
      }>;
    };
    const problems = report.problems.map(
      (p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`,
    );
    // The JWKS and the SMART configuration are public, cacheable documents with no client error to give.
    const known =
      /^warn operation-4xx-response #\/paths\/(~1fhir~1R4)?~1\.well-known~1(jwks\.json|smart-configuration)\/get\/responses:/;
    expect(problems.filter((p) => !known.test(p))).toEqual([]);
  });

  it('is the document the typed client in libs/api-client was generated from', async () => {
    await run(bin('openapi-typescript'), [join(work, 'openapi.json'), '-o', join(work, 'schema.ts')], {
      cwd: root,
    });
    const generated = readFileSync(join(work, 'schema.ts'), 'utf8');
    if (UPDATE) {
      writeFileSync(COMMITTED_DOCUMENT, served);
      writeFileSync(COMMITTED_SCHEMA, generated);
    }
    const hint = 'the API changed: run `npm run openapi:update` and commit libs/api-client';
    expect({ hint, document: readFileSync(COMMITTED_DOCUMENT, 'utf8') }).toEqual({ hint, document: served });
    expect({ hint, schema: readFileSync(COMMITTED_SCHEMA, 'utf8') }).toEqual({ hint, schema: generated });
  });

  it('serves Swagger UI at /docs without a token, under a CSP that allows only this origin', async () => {
    const response = await fetch(`${gateway.url}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('swagger-ui');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const api = await fetch(`${gateway.url}/v1/notifications`);
    expect(api.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});
