import { errorCodes, type FastifyBodyParser } from 'fastify';
import secureJson from 'secure-json-parse';
import { ProblemException, type FieldError } from './problem-details';

export interface JsonBodyLimits {
  /** Deepest nesting of objects and arrays; `{}` is 1, `[{}]` is 2. */
  maxDepth: number;
  /** Most elements of any one array. */
  maxArrayLength: number;
}

/** Enough for a client to find its mistake; a body with thousands need not be echoed back whole. */
const MAX_REPORTED = 20;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const malformed = (detail: string) => ProblemException.of('malformed-json', { detail });

/**
 * How deep the body nests, read from the text without parsing it: a body of 100,000 `[` is refused
 * at the limit, before JSON.parse (or anything recursive after it) sees it. Brackets inside strings
 * do not count. Malformed text is left to JSON.parse.
 */
export function assertJsonDepth(text: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) {
        throw ProblemException.of('json-too-deep', {
          detail: `Objects and arrays may be nested at most ${maxDepth} levels deep.`,
        });
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
}

interface Entry {
  value: unknown;
  key: string;
  parent: Entry | undefined;
}

/**
 * A UTF-16 surrogate without its partner: a high one (U+D800–U+DBFF) not followed by a low one, or a
 * low one (U+DC00–U+DFFF) not preceded by a high one. JSON can carry one as `\ud800`; UTF-8 cannot
 * (PostgreSQL's driver would store U+FFFD instead, and other code throws on it).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/**
 * The dotted path of validation.ts (`items.3.name`); a NUL or a lone surrogate is shown escaped
 * (`\u0000`, `\ud800`), never sent back raw.
 */
function pathOf(node: Entry): string {
  const keys: string[] = [];
  for (let n: Entry | undefined = node; n?.parent; n = n.parent) keys.push(n.key);
  return keys
    .reverse()
    .join('.')
    .replace(/\0/g, '\\u0000')
    .replace(LONE_SURROGATES, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

const LONE_SURROGATE_MESSAGE = 'must not contain a lone UTF-16 surrogate (U+D800–U+DFFF)';

/**
 * One iterative walk over the parsed body (never recursive: the depth is bounded, but a walk must
 * not depend on that). Arrays longer than the limit come first; NUL characters, which PostgreSQL
 * cannot store in text, second; lone UTF-16 surrogates, which no UTF-8 text can hold, third.
 */
export function assertJsonContent(body: unknown, maxArrayLength: number): void {
  const tooLong: FieldError[] = [];
  const nul: FieldError[] = [];
  const surrogate: FieldError[] = [];
  const stack: Entry[] = [{ value: body, key: '', parent: undefined }];
  for (let node = stack.pop(); node; node = stack.pop()) {
    const { value } = node;
    if (node.key.includes('\0') && nul.length < MAX_REPORTED) {
      nul.push({ field: pathOf(node), message: 'key must not contain the NUL character (U+0000)' });
    }
    if (LONE_SURROGATE.test(node.key) && surrogate.length < MAX_REPORTED) {
      surrogate.push({ field: pathOf(node), message: `key ${LONE_SURROGATE_MESSAGE}` });
    }
    if (typeof value === 'string') {
      if (value.includes('\0') && nul.length < MAX_REPORTED) {
        nul.push({ field: pathOf(node), message: 'must not contain the NUL character (U+0000)' });
      }
      if (LONE_SURROGATE.test(value) && surrogate.length < MAX_REPORTED) {
        surrogate.push({ field: pathOf(node), message: LONE_SURROGATE_MESSAGE });
      }
    } else if (Array.isArray(value)) {
      if (value.length > maxArrayLength) {
        if (tooLong.length < MAX_REPORTED) {
          tooLong.push({
            field: pathOf(node),
            message: `must have at most ${maxArrayLength} elements, has ${value.length}`,
          });
        }
        continue; // refused whatever it holds
      }
      for (let i = value.length - 1; i >= 0; i--) {
        stack.push({ value: value[i], key: String(i), parent: node });
      }
    } else if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push({ value: (value as Record<string, unknown>)[keys[i]], key: keys[i], parent: node });
      }
    }
  }
  if (tooLong.length) {
    throw contentProblem('array-too-long', tooLong);
  }
  if (nul.length) {
    throw contentProblem('nul-character', nul);
  }
  if (surrogate.length) {
    throw contentProblem('invalid-unicode', surrogate);
  }
}

/**
 * Strings and keys of any other request input (a query, a multipart text field): 422 for a NUL
 * character or a lone UTF-16 surrogate, as in a JSON body. `%00` decodes to U+0000 in a query.
 */
export function assertTextContent(value: unknown): void {
  assertJsonContent(value, Number.POSITIVE_INFINITY);
}

function contentProblem(
  code: 'array-too-long' | 'nul-character' | 'invalid-unicode',
  errors: FieldError[],
): ProblemException {
  return ProblemException.of(code, {
    detail: errors.map((e) => `${e.field || '(body)'}: ${e.message}`).join('; '),
    errors,
  });
}

/**
 * A JSON request body, or the ProblemException that refuses it: 400 when empty (as Fastify says it),
 * malformed, nested too deeply or carrying `__proto__` / `constructor.prototype`; 422 when an array
 * is too long or a string or key holds U+0000 or a lone UTF-16 surrogate.
 */
export function parseJsonBody(text: string, limits: JsonBodyLimits): unknown {
  if (text.length === 0) throw new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY();
  assertJsonDepth(text, limits.maxDepth);
  let body: unknown;
  try {
    body = secureJson.parse(text, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    // secure-json-parse's own SyntaxError, as opposed to JSON.parse's
    throw /forbidden prototype property/.test((error as Error).message)
      ? malformed('The body may not set `__proto__` or `constructor.prototype`.')
      : malformed('The body is not valid JSON.');
  }
  assertJsonContent(body, limits.maxArrayLength);
  return body;
}

/** Refuses bytes that are not UTF-8 instead of reading them as U+FFFD (a BOM is kept, as before). */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(raw: Buffer): string {
  try {
    return utf8.decode(raw);
  } catch {
    throw malformed('The body is not valid UTF-8.');
  }
}

/**
 * Fastify's `application/json` parser, replaced: see {@link parseJsonBody}; bytes that are not UTF-8
 * (RFC 8259) are 400 malformed-json rather than text silently altered to U+FFFD.
 */
export function jsonBodyParser(limits: JsonBodyLimits): FastifyBodyParser<Buffer> {
  return (_request, raw, done) => {
    try {
      done(null, parseJsonBody(decodeUtf8(raw), limits));
    } catch (error) {
      done(error as Error, undefined);
    }
  };
}
