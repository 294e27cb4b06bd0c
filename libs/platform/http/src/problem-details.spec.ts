import { HttpStatus, NotFoundException } from '@nestjs/common';
import { PROBLEMS } from '@referral/contracts';
import { ProblemException, ValidationProblem } from './problem-details';
import { problemOf } from './problem-details.filter';

describe('problem details', () => {
  it('raises a registered problem with its status, type and title, and what the occurrence says', () => {
    const problem = ProblemException.of('patient-exists', {
      detail: 'A patient with this CNIC is registered',
      extensions: { existingPatientId: 'p-1' },
    });
    expect(problem.getStatus()).toBe(409);
    expect(problemOf(problem)).toEqual({
      type: 'urn:problem-type:patient-exists',
      title: 'The patient is registered',
      status: 409,
      detail: 'A patient with this CNIC is registered',
      existingPatientId: 'p-1',
    });
  });

  it('keeps a title more specific than the registry’s for one occurrence', () => {
    const problem = ProblemException.of('bad-request', { title: 'If-Match is malformed', detail: 'x' });
    expect(problemOf(problem)).toMatchObject({
      type: 'urn:problem-type:bad-request',
      title: 'If-Match is malformed',
      status: 400,
    });
  });

  it('gives extension members no way to override type, title or status', () => {
    const problem = ProblemException.of('forbidden', { extensions: { type: 'x', status: 200, title: 'y' } });
    expect(problemOf(problem)).toMatchObject({
      type: PROBLEMS.forbidden.type,
      status: 403,
      title: 'Forbidden',
    });
  });

  it('answers a problem raised by status alone with the status’s generic code', () => {
    expect(problemOf(new ProblemException({ status: 503, detail: 'later' }))).toEqual({
      type: 'urn:problem-type:service-unavailable',
      title: 'Service unavailable',
      status: 503,
      detail: 'later',
    });
  });

  it('answers a validation problem with 422 validation-failed and one entry per field', () => {
    const problem = problemOf(new ValidationProblem([{ field: 'priority', message: 'must be urgent' }]));
    expect(problem).toEqual({
      type: 'urn:problem-type:validation-failed',
      title: 'The request is not valid',
      status: HttpStatus.UNPROCESSABLE_ENTITY,
      detail: 'priority: must be urgent',
      errors: [{ field: 'priority', message: 'must be urgent' }],
    });
  });

  it('answers Nest’s HttpExceptions and Fastify’s client errors by status, anything else as a bare 500', () => {
    expect(problemOf(new NotFoundException('Referral r-1 was not found'))).toEqual({
      type: 'urn:problem-type:not-found',
      title: 'Not found',
      status: 404,
      detail: 'Referral r-1 was not found',
    });
    expect(problemOf(Object.assign(new Error('Unsupported Media Type'), { statusCode: 415 }))).toMatchObject({
      type: 'urn:problem-type:unsupported-media-type',
      status: 415,
    });
    expect(problemOf(new Error('password=secret'))).toEqual({
      type: 'urn:problem-type:internal-error',
      title: 'Internal error',
      status: 500,
      detail: 'An unexpected error occurred.',
    });
  });
});
