/**
 * Every problem type the API answers with (RFC 9457 application/problem+json), each defined once: its
 * code, HTTP status, `type` URI and title. Clients switch on `type`, never on `detail`; a new code is
 * added here, where the OpenAPI document's `Problem` schema takes its list of types from.
 */

interface ProblemEntry {
  readonly status: number;
  readonly title: string;
  /**
   * The answer for its status when nothing more specific is known (an HttpException of Nest, a client
   * error of Fastify). At most one code per status.
   */
  readonly generic?: true;
}

export const PROBLEM_TYPE_PREFIX = 'urn:problem-type:';

function defineProblems<const T extends Record<string, ProblemEntry>>(
  entries: T,
): { readonly [C in keyof T & string]: ProblemDefinition<C> } {
  return Object.freeze(
    Object.fromEntries(
      Object.entries(entries).map(([code, entry]) => [
        code,
        Object.freeze({ ...entry, code, type: `${PROBLEM_TYPE_PREFIX}${code}` }),
      ]),
    ),
  ) as never;
}

export interface ProblemDefinition<C extends string = string> extends ProblemEntry {
  readonly code: C;
  readonly type: `${typeof PROBLEM_TYPE_PREFIX}${C}`;
}

export const PROBLEMS = defineProblems({
  // By status, when nothing more specific is known.
  'bad-request': { status: 400, title: 'Bad request', generic: true },
  unauthorized: { status: 401, title: 'Unauthorized', generic: true },
  forbidden: { status: 403, title: 'Forbidden', generic: true },
  'not-found': { status: 404, title: 'Not found', generic: true },
  'method-not-allowed': { status: 405, title: 'Method not allowed', generic: true },
  'not-acceptable': { status: 406, title: 'Not acceptable', generic: true },
  conflict: { status: 409, title: 'Conflict', generic: true },
  'payload-too-large': { status: 413, title: 'Payload too large', generic: true },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type', generic: true },
  'validation-failed': { status: 422, title: 'The request is not valid', generic: true },
  'too-many-requests': { status: 429, title: 'Too many requests', generic: true },
  'service-unavailable': { status: 503, title: 'Service unavailable', generic: true },
  /** Any other 4xx (its status is the answer's). */
  'client-error': { status: 400, title: 'Request failed' },
  /** Any 5xx without a code of its own: nothing of the cause is told. */
  'internal-error': { status: 500, title: 'Internal error' },

  // Request bodies (every service).
  'malformed-json': { status: 400, title: 'The body is not valid JSON' },
  'json-too-deep': { status: 400, title: 'The body is nested too deeply' },
  'array-too-long': { status: 422, title: 'An array in the body is too long' },
  'nul-character': { status: 422, title: 'The body contains the NUL character' },
  'invalid-unicode': { status: 422, title: 'The body contains invalid Unicode' },

  // Idempotency-Key (API.md), at the gateway and in the services that keep answers.
  'idempotency-key-required': { status: 400, title: 'Bad request' },
  'idempotency-key-invalid': { status: 400, title: 'Bad request' },
  'idempotency-key-in-flight': { status: 409, title: 'Conflict' },
  'idempotency-key-reused': { status: 422, title: 'Unprocessable entity' },

  // Gateway.
  'rate-limited': { status: 429, title: 'Too many requests' },
  'upstream-unavailable': { status: 503, title: 'Service unavailable' },

  // Referrals.
  'referral-state-conflict': { status: 409, title: 'Not allowed in the referral’s current state' },
  'specialist-at-capacity': { status: 409, title: 'The specialist holds as many cases as their role allows' },

  // Case files, patients and attachments.
  'patient-exists': { status: 409, title: 'The patient is registered' },
  'version-conflict': { status: 409, title: 'The case file has changed' },
  'precondition-required': { status: 428, title: 'If-Match is required' },
  'empty-file': { status: 400, title: 'The file is empty' },
  'file-too-large': { status: 413, title: 'The file is too large' },
  'unsupported-file-type': { status: 415, title: 'This kind of file is not accepted' },
  'range-not-satisfiable': { status: 416, title: 'Range not satisfiable' },

  // Directory.
  'pmdc-number-taken': { status: 409, title: 'The PMDC number is taken' },
  'role-exists': { status: 409, title: 'The role exists' },

  // Notifications (webhooks).
  'directory-unavailable': { status: 503, title: 'The directory did not answer' },
  'webhook-endpoint-disabled': { status: 409, title: 'The webhook endpoint is disabled' },
  'webhook-delivery-pending': { status: 409, title: 'An attempt of this message is still to be made' },
});

export type ProblemCode = keyof typeof PROBLEMS;

/** `urn:problem-type:<code>`: the `type` of every problem the API answers with. */
export type ProblemType = (typeof PROBLEMS)[ProblemCode]['type'];

export const PROBLEM_CODES = Object.keys(PROBLEMS) as ProblemCode[];

const GENERIC_BY_STATUS: ReadonlyMap<number, ProblemCode> = new Map(
  Object.values(PROBLEMS)
    .filter((problem) => problem.generic)
    .map((problem) => [problem.status, problem.code]),
);

/** The code of a status when nothing more specific is known: its generic code, else client/internal error. */
export function problemCodeForStatus(status: number): ProblemCode {
  return GENERIC_BY_STATUS.get(status) ?? (status >= 500 ? 'internal-error' : 'client-error');
}
