import { FhirError } from '../http/fhir-error';

/**
 * The code a token search parameter asks for in one of our code systems: `system|code`, `|code`
 * (no system) or a bare `code`. `null` when it names another system: nothing of ours can match it,
 * so the search finds nothing (it is not an error to ask).
 */
export function codeIn(system: string, token: string): string | null {
  const bar = token.indexOf('|');
  if (bar < 0) return token;
  const given = token.slice(0, bar);
  const code = token.slice(bar + 1);
  if (code === '') throw FhirError.of(400, `${token}: a token search needs a code`);
  return given === '' || given === system ? code : null;
}

/**
 * The id a reference search parameter names, `Type/id` or a bare id (FHIR allows both when the
 * parameter has one target type); `null` for another type, or an id that is not one of ours (UUIDs),
 * which nothing can match.
 */
export function referenceTo(type: string, value: string): string | null {
  const id = value.startsWith(`${type}/`) ? value.slice(type.length + 1) : value.includes('/') ? null : value;
  if (!id || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  return id.toLowerCase();
}
