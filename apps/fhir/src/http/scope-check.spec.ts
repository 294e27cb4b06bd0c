import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { of } from 'rxjs';
import { FhirError } from './fhir-error';
import { interactionOf, ScopeCheck } from './scope-check';

const context = (method: string, url: string, scopes?: string[]) =>
  ({
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => ({ method, url, user: { scopes } }) }),
  }) as unknown as ExecutionContext;

const next: CallHandler = { handle: () => of('answered') };
const check = (method: string, url: string, scopes?: string[]) => () =>
  new ScopeCheck().intercept(context(method, url, scopes), next);

describe('interactionOf', () => {
  it.each([
    ['GET', true, 'r'],
    ['GET', false, 's'],
    ['POST', false, 'c'],
    ['PUT', true, 'u'],
    ['PATCH', true, 'u'],
    ['DELETE', true, 'd'],
  ] as const)('%s (one resource: %s) is %s', (method, one, interaction) => {
    expect(interactionOf(method, one)).toBe(interaction);
  });
});

describe('ScopeCheck', () => {
  it('lets a token without scopes through: its roles decide, at the services', () => {
    expect(check('POST', '/fhir/R4/ServiceRequest')).not.toThrow();
  });

  it('lets through what the scopes grant (v2 letters, v1 read, wildcards)', () => {
    expect(check('GET', '/fhir/R4/Task?status=requested', ['system/Task.rs'])).not.toThrow();
    expect(
      check('GET', '/fhir/R4/Task/3c5e7a9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d', ['system/Task.read']),
    ).not.toThrow();
    expect(
      check('PATCH', '/fhir/R4/Task/3c5e7a9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d', ['system/*.cruds']),
    ).not.toThrow();
  });

  it('refuses with 403 what they do not, naming the missing scope', () => {
    const refuse = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as FhirError).problem;
      }
      throw new Error('expected a refusal');
    };
    expect(refuse(check('POST', '/fhir/R4/ServiceRequest', ['system/ServiceRequest.rs']))).toMatchObject({
      status: 403,
      detail: expect.stringContaining('system/ServiceRequest.c'),
    });
    expect(refuse(check('GET', '/fhir/R4/Communication?based-on=x', ['system/Task.rs'])).status).toBe(403);
    expect(refuse(check('PUT', '/fhir/R4/Task/x', ['system/Task.read'])).status).toBe(403);
    expect(refuse(check('DELETE', '/fhir/R4/Subscription/x', ['system/Subscription.cru'])).status).toBe(403);
  });

  it('leaves routes outside a resource type alone (metadata answers anyone)', () => {
    expect(check('GET', '/health/ready', ['system/Task.rs'])).not.toThrow();
  });
});
