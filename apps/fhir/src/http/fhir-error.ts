import type { ServiceProblem } from '../mapping/operation-outcome';

/**
 * A refusal the facade answers as an OperationOutcome: a service's problem passed on as it came (same
 * status, type and detail), or the facade's own reading of a FHIR request (unsupported parameter,
 * change no action makes).
 */
export class FhirError extends Error {
  constructor(readonly problem: ServiceProblem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }

  static of(status: number, detail: string): FhirError {
    return new FhirError({ status, detail });
  }
}

/**
 * What the API answered, or nothing for its 404 (not there, or not the caller's to see): a search
 * then finds nothing, and a change may try the one thing a caller who cannot see it may ask.
 */
export async function orNone<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof FhirError && error.problem.status === 404) return undefined;
    throw error;
  }
}
