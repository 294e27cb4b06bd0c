import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { jsonBodyParser } from '@referral/platform-http';
import type { FhirEnv } from '../config';

/** The media types of FHIR's JSON format and of JSON Patch, read as JSON with the same limits. */
export const FHIR_JSON = 'application/fhir+json';
export const JSON_PATCH = 'application/json-patch+json';

/**
 * FHIR clients send `application/fhir+json` (and JSON Patch for `PATCH`): both are parsed like the
 * platform's JSON, with its depth, array and size limits.
 */
export async function configureFhirHttp(app: NestFastifyApplication, env: FhirEnv): Promise<void> {
  const limits = { maxDepth: env.HTTP_JSON_MAX_DEPTH, maxArrayLength: env.HTTP_JSON_MAX_ARRAY_LENGTH };
  for (const type of [FHIR_JSON, JSON_PATCH]) {
    app.useBodyParser(type, { bodyLimit: env.HTTP_BODY_LIMIT_BYTES }, jsonBodyParser(limits));
  }
}
