import { PROBLEM_CODES, PROBLEMS, problemCodeForStatus } from './problems';

describe('the problem registry', () => {
  it('gives each code its own `type` URI, an error status and a title', () => {
    for (const code of PROBLEM_CODES) {
      const problem = PROBLEMS[code];
      expect({ code, type: problem.type, code2: problem.code }).toEqual({
        code,
        type: `urn:problem-type:${code}`,
        code2: code,
      });
      expect(problem.status).toBeGreaterThanOrEqual(400);
      expect(problem.status).toBeLessThan(600);
      expect(problem.title.length).toBeGreaterThan(0);
    }
    expect(new Set(PROBLEM_CODES.map((code) => PROBLEMS[code].type)).size).toBe(PROBLEM_CODES.length);
  });

  it('has at most one generic code per status', () => {
    const generic = PROBLEM_CODES.filter((code) => PROBLEMS[code].generic).map(
      (code) => PROBLEMS[code].status,
    );
    expect(new Set(generic).size).toBe(generic.length);
  });

  it('answers a status without a code of its own with its generic code, else client or internal error', () => {
    expect(problemCodeForStatus(404)).toBe('not-found');
    expect(problemCodeForStatus(422)).toBe('validation-failed');
    expect(problemCodeForStatus(503)).toBe('service-unavailable');
    // A specific code of that status is never guessed from the status alone.
    expect(problemCodeForStatus(416)).toBe('client-error');
    expect(problemCodeForStatus(418)).toBe('client-error');
    expect(problemCodeForStatus(502)).toBe('internal-error');
    expect(problemCodeForStatus(500)).toBe('internal-error');
  });

  it('is frozen: a code cannot be changed at run time', () => {
    expect(Object.isFrozen(PROBLEMS)).toBe(true);
    expect(Object.isFrozen(PROBLEMS['not-found'])).toBe(true);
  });
});
