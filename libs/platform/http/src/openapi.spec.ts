import { problemResponses } from './openapi';

describe('ApiProblems’ answers', () => {
  it('describes a bare status generically and keeps a given description as it is', () => {
    expect(problemResponses([404, { status: 409, description: 'The key is in use' }, 418])).toEqual([
      { status: 404, description: "Not found, or not visible to the caller's organization" },
      { status: 409, description: 'The key is in use' },
      { status: 418, description: 'I am a teapot' },
    ]);
  });

  it('gives registered codes their status, one answer per status naming each type', () => {
    expect(problemResponses([404, 'referral-state-conflict', 409, 'specialist-at-capacity'])).toEqual([
      { status: 404, description: "Not found, or not visible to the caller's organization" },
      {
        status: 409,
        description:
          'Conflicts with the current state, or a request with this Idempotency-Key is still in flight. ' +
          'Types: `urn:problem-type:referral-state-conflict`, `urn:problem-type:specialist-at-capacity`',
      },
    ]);
  });

  it('describes a code alone by its status', () => {
    expect(problemResponses(['precondition-required'])).toEqual([
      { status: 428, description: 'Precondition required. Types: `urn:problem-type:precondition-required`' },
    ]);
  });
});
