import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

/** A problem+json answer of a service, as the facade receives it (RFC 9457, with our field errors). */
export interface ServiceProblem {
  status: number;
  type?: string;
  title?: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

/** The FHIR issue type (issue-type value set) that says what a status means. */
function issueCode(status: number): OperationOutcomeIssue['code'] {
  switch (status) {
    case 400:
    case 422:
      return 'invalid';
    case 401:
      return 'login';
    case 403:
      return 'forbidden';
    case 404:
    case 410:
      return 'not-found';
    case 409:
    case 412:
      return 'conflict';
    case 413:
      return 'too-long';
    case 415:
      return 'not-supported';
    case 429:
      return 'throttled';
    case 503:
      return 'transient';
    default:
      return status >= 500 ? 'exception' : 'processing';
  }
}

/**
 * A service's problem as the OperationOutcome a FHIR client expects, with the same HTTP status: one
 * issue for the problem (its `type` URI as the coding, so clients can still switch on it; its detail
 * as diagnostics), and one more per field error, located by `expression`. Nothing is added that the
 * service did not say.
 */
export function toOperationOutcome(problem: ServiceProblem): OperationOutcome {
  const code = issueCode(problem.status);
  const main: OperationOutcomeIssue = {
    severity: problem.status >= 500 ? 'fatal' : 'error',
    code,
    ...(problem.type ? { details: { coding: [{ code: problem.type }], text: problem.title } } : {}),
    ...(problem.detail ? { diagnostics: problem.detail } : {}),
  };
  const fields = (problem.errors ?? []).map((error): OperationOutcomeIssue => ({
    severity: 'error',
    code,
    diagnostics: error.message,
    expression: [error.field],
  }));
  return { resourceType: 'OperationOutcome', issue: [main, ...fields] };
}
