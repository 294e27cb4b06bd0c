/**
 * The pieces of an HTTP SMS gateway request, from configuration: pure, so that escaping and header
 * parsing are tested without a server.
 */

export interface SmsBodyValues {
  to: string;
  text: string;
  from: string;
}

/**
 * Fills `{{to}}`, `{{text}}` and `{{from}}` in a JSON body template. The placeholders sit inside JSON
 * strings, so each value is substituted JSON-escaped (quotes, backslashes, line breaks): no text can
 * break out of its string or change the document's structure.
 */
export function renderSmsBody(template: string, values: SmsBodyValues): string {
  return template.replace(/\{\{(to|text|from)\}\}/g, (_, name: keyof SmsBodyValues) =>
    JSON.stringify(values[name]).slice(1, -1),
  );
}

/**
 * SMS_HTTP_AUTH_HEADER as a header: `Header-Name: value` names its header; anything else (`Bearer …`,
 * `Basic …`, a bare key) is the value of `Authorization`.
 */
export function authHeader(setting: string | undefined): Record<string, string> {
  if (!setting) return {};
  const named = /^([A-Za-z][A-Za-z0-9-]*):\s*(\S.*)$/.exec(setting);
  return named ? { [named[1].toLowerCase()]: named[2] } : { authorization: setting };
}

/** The gateway's id for the message: the (dotted) field of its JSON answer, when there is one. */
export function providerMessageId(body: string, field: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  for (const key of field.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return null;
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === 'string' && value.length > 0) return value.slice(0, 200);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}
