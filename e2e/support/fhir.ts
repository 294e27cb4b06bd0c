import type { Bundle, Resource } from '@medplum/fhirtypes';
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
