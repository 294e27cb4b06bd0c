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
