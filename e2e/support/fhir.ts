import type { Bundle, Resource } from '@medplum/fhirtypes';
import { validateFhirResources, type ValidationResult } from '@referral/testing';
import Client from 'fhir-kit-client';
import type { IssuedClient } from './clients';

/** Our canonical base (apps/fhir/src/mapping/systems.ts): code systems, naming systems, extensions. */
export const CANONICAL = 'https://fhir.specialist-referral.pk';

/** What a FHIR client library throws on a non-2xx answer. */
export interface FhirClientError {
  response: { status: number; data: { resourceType?: string; issue?: { diagnostics?: string }[] } };
}

/** The refusal a FHIR client call ends in (its status and OperationOutcome); fails if it succeeds. */
export async function refusal(promise: Promise<unknown>): Promise<FhirClientError['response']> {
  try {
    await promise;
  } catch (error) {
    return (error as FhirClientError).response;
  }
  throw new Error('expected a refusal');
}

/** An off-the-shelf FHIR client on the facade through the gateway, as the caller (a client or a token). */
export const fhirClient = (gateway: string, who?: IssuedClient | string) =>
  new Client({
    baseUrl: `${gateway}/fhir/R4`,
    ...(who && { bearerToken: typeof who === 'string' ? who : who.token }),
  });

/** The resources of a searchset, in order. */
export const entries = (bundle: Bundle): Resource[] => (bundle.entry ?? []).map((entry) => entry.resource!);

/** Every resource the facade returned in a run, to validate at its end; `keep` passes it through. */
export class Returned {
  readonly resources: Resource[] = [];
  readonly keep = <T extends Resource>(resource: T): T => (this.resources.push(resource), resource);
}

/** What one suite has HAPI validate: what it got back, and conformance resources the validator should know. */
export interface ToValidate {
  resources: Resource[];
  context?: Resource[];
}

/** A suite's validation test: `collect` gathers (the stack still running), `judge` asserts on the results. */
export interface SuiteValidation {
  /** The title of the suite's describe. */
  suite: string;
  /** The test's name. */
  test: string;
  collect: () => Promise<ToValidate>;
  judge: (resources: Resource[], results: ValidationResult[]) => void | Promise<void>;
}

type Validated = { resources: Resource[]; results: ValidationResult[] } | { error: unknown };

/**
 * HAPI FHIR's validator ONCE for the suites of one spec file (starting its JVM is most of its cost),
 * each suite judging what it got back. Each suite adds its validation test (`add`); after every suite,
 * `declareTests` declares them, each in a describe of its suite's title, so that they keep their names.
 * The first of them to run collects every suite's resources, validates them all in one JVM (with the
 * union of their contexts: our CodeSystems then check the codes of every suite) and each test gets its
 * own suite's results, in its order. A suite whose collecting fails fails alone.
 */
export class OneValidatorRun {
  private readonly suites: SuiteValidation[] = [];
  private run?: Promise<Validated[]>;

  add(validation: SuiteValidation): void {
    this.suites.push(validation);
  }

  declareTests(): void {
    this.suites.forEach((validation, i) =>
      describe(validation.suite, () => {
        it(
          validation.test,
          async () => {
            const validated = (await (this.run ??= this.validateAll()))[i];
            if ('error' in validated) throw validated.error;
            await validation.judge(validated.resources, validated.results);
          },
          300_000,
        );
      }),
    );
  }

  private async validateAll(): Promise<Validated[]> {
    const collected: (ToValidate | { error: unknown })[] = [];
    for (const { collect } of this.suites) {
      collected.push(await collect().catch((error: unknown) => ({ error })));
    }
    const batches = collected.filter((batch): batch is ToValidate => !('error' in batch));
    const results = await validateFhirResources(
      batches.flatMap((batch) => batch.resources),
      { context: batches.flatMap((batch) => batch.context ?? []) },
    );
    let next = 0;
    return collected.map((batch) =>
      'error' in batch
        ? batch
        : { resources: batch.resources, results: results.slice(next, (next += batch.resources.length)) },
    );
  }
}
