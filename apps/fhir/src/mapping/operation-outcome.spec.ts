import { toOperationOutcome } from './operation-outcome';

describe('toOperationOutcome', () => {
  it("keeps the problem's type, title and detail, and locates each field error", () => {
    expect(
      toOperationOutcome({
        status: 422,
        type: 'urn:problem-type:validation-failed',
        title: 'The request is not valid',
        detail: 'cursor: cursor is not a nextCursor of this list',
        errors: [{ field: 'cursor', message: 'cursor is not a nextCursor of this list' }],
      }),
    ).toEqual({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'invalid',
          details: {
            coding: [{ code: 'urn:problem-type:validation-failed' }],
            text: 'The request is not valid',
          },
          diagnostics: 'cursor: cursor is not a nextCursor of this list',
        },
        {
          severity: 'error',
          code: 'invalid',
          diagnostics: 'cursor is not a nextCursor of this list',
          expression: ['cursor'],
        },
      ],
    });
  });

  it.each([
    [401, 'login', 'error'],
    [403, 'forbidden', 'error'],
    [404, 'not-found', 'error'],
    [409, 'conflict', 'error'],
    [413, 'too-long', 'error'],
    [415, 'not-supported', 'error'],
    [429, 'throttled', 'error'],
    [418, 'processing', 'error'],
    [503, 'transient', 'fatal'],
    [500, 'exception', 'fatal'],
  ])('says what status %i means: %s, %s', (status, code, severity) => {
    expect(toOperationOutcome({ status }).issue).toEqual([{ severity, code }]);
  });
});
