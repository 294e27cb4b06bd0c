import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, operations, paths } from './schema';

/** A client of the public API whose paths, parameters, bodies and answers are typed from the document. */
export type ApiClient = Client<paths>;
export type ApiSchemas = components['schemas'];

export interface ApiClientOptions {
  /** An access token from `POST /v1/auth/token`: sent as `Authorization: Bearer <token>`. */
  token?: string;
  headers?: Record<string, string>;
}

/** A typed client of the gateway at `baseUrl` (e.g. `http://127.0.0.1:3000`). */
export function createApiClient(baseUrl: string, options: ApiClientOptions = {}): ApiClient {
  return createClient<paths>({
    baseUrl,
    headers: { ...(options.token && { authorization: `Bearer ${options.token}` }), ...options.headers },
  });
}
