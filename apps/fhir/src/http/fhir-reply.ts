import type { Resource } from '@medplum/fhirtypes';
import type { FastifyReply } from 'fastify';
import { FHIR_JSON } from './fhir-body';
import { FhirError } from './fhir-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A resource answer in FHIR's JSON format, with Last-Modified from `meta.lastUpdated` when it has one. */
export function sendResource(
  reply: FastifyReply,
  status: number,
  resource: Resource,
  headers: Record<string, string> = {},
) {
  void reply.status(status).header('content-type', `${FHIR_JSON}; charset=utf-8`);
  const lastUpdated = resource.meta?.lastUpdated;
  if (lastUpdated) void reply.header('last-modified', new Date(lastUpdated).toUTCString());
  for (const [name, value] of Object.entries(headers)) void reply.header(name, value);
  return reply.send(resource);
}

/**
 * A logical id in the path: ours are UUIDs, so any other id names nothing here (404, as an unknown
 * UUID would be: the caller learns nothing from the difference).
 */
export function logicalId(type: string, id: string): string {
  if (!UUID.test(id)) throw FhirError.of(404, `${type}/${id} is not known`);
  return id.toLowerCase();
}
