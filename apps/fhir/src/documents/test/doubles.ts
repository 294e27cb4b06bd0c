import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FhirEnv } from '../../config';
import type { PublicApi } from '../../http/public-api';

/** The facade's environment as the specs need it (a small JSON limit for Binary). */
export const env = {
  FHIR_BASE_URL: 'https://fhir.example.pk/fhir/R4',
  FHIR_BINARY_JSON_MAX_BYTES: 1024,
} as FhirEnv;

/** The public API, mocked: what the facade asks it and with what. */
export const mockApi = () => ({ get: jest.fn(), post: jest.fn(), raw: jest.fn() });
export type MockApi = ReturnType<typeof mockApi>;
export const asApi = (api: MockApi) => api as unknown as PublicApi;

export const request = (headers: Record<string, string> = {}) =>
  ({ id: 'req-1', headers: { authorization: 'Bearer t', ...headers } }) as unknown as FastifyRequest;

/** A reply that records status, headers and the body sent. */
export function reply() {
  const recorded = {
    statusCode: 200,
    headers: {} as Record<string, string>,
    body: undefined as unknown,
    status(code: number) {
      recorded.statusCode = code;
      return recorded;
    },
    header(name: string, value: unknown) {
      recorded.headers[name.toLowerCase()] = String(value);
      return recorded;
    },
    send(body?: unknown) {
      recorded.body = body;
      return recorded;
    },
  };
  return recorded;
}
export const asReply = (recorded: ReturnType<typeof reply>) => recorded as unknown as FastifyReply;

/** The FhirError (as its status and detail) a promise rejects with. */
export async function refusal(promise: Promise<unknown>): Promise<{ status: number; detail?: string }> {
  try {
    await promise;
  } catch (error) {
    return (error as { problem: { status: number; detail?: string } }).problem;
  }
  throw new Error('expected a refusal');
}
