import { jsonBodyParser, parseJsonBody, type JsonBodyLimits } from './json-body';
import { ProblemException, type ProblemDetails } from './problem-details';

const LIMITS: JsonBodyLimits = { maxDepth: 32, maxArrayLength: 1000 };

function problemOf(text: string, limits: Partial<JsonBodyLimits> = {}): ProblemDetails {
  try {
    parseJsonBody(text, { ...LIMITS, ...limits });
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemException);
    return (error as ProblemException).toProblem();
  }
  throw new Error('expected the body to be refused');
}

const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const objects = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);

describe('parseJsonBody', () => {
  it('parses an ordinary body', () => {
    const body = { caseFileId: 'x', tags: ['a', 'b'], nested: { n: 1, ok: true, none: null } };
    expect(parseJsonBody(JSON.stringify(body), LIMITS)).toEqual(body);
    expect(parseJsonBody('"just a string"', LIMITS)).toBe('just a string');
  });

  describe('nesting depth', () => {
    it('accepts a body exactly at the limit and refuses one level more with 400 json-too-deep', () => {
      expect(parseJsonBody(arrays(32), LIMITS)).toBeInstanceOf(Array);
      expect(parseJsonBody(objects(32), LIMITS)).toBeInstanceOf(Object);
      for (const text of [arrays(33), objects(33), `{"a":[${objects(32)}]}`]) {
        expect(problemOf(text)).toMatchObject({
          status: 400,
          type: 'urn:problem-type:json-too-deep',
          detail: expect.stringContaining('32'),
        });
      }
      expect(problemOf(arrays(3), { maxDepth: 2 }).type).toBe('urn:problem-type:json-too-deep');
    });

    it('does not count brackets inside strings, escaped quotes included', () => {
      const tricky = JSON.stringify({ a: '[[[{{{', b: 'say \\"[[[\\" and "{{{"', c: '\\' });
      expect(parseJsonBody(tricky, { ...LIMITS, maxDepth: 1 })).toEqual(JSON.parse(tricky));
      // A string ending in a backslash must not swallow its closing quote: the `[` after it counts.
      expect(problemOf(String.raw`["\\", [1]]`, { maxDepth: 1 }).type).toBe('urn:problem-type:json-too-deep');
      expect(problemOf(String.raw`["\"", [1]]`, { maxDepth: 1 }).type).toBe('urn:problem-type:json-too-deep');
    });

    it('refuses 100,000 nested arrays quickly, without ever calling JSON.parse', () => {
      const parse = jest.spyOn(JSON, 'parse');
      try {
        for (const text of [arrays(100_000), '['.repeat(100_000), objects(100_000)]) {
          const started = performance.now();
          expect(problemOf(text).type).toBe('urn:problem-type:json-too-deep');
          expect(performance.now() - started).toBeLessThan(50);
        }
        expect(parse).not.toHaveBeenCalled();
      } finally {
        parse.mockRestore();
      }
    });
  });

  describe('array length', () => {
    it('accepts an array at the limit and refuses a longer one with 422 array-too-long and its path', () => {
      const at = { items: Array.from({ length: 1000 }, (_, i) => i) };
      expect(parseJsonBody(JSON.stringify(at), LIMITS)).toEqual(at);
      const over = { items: [{ tags: [] }, { tags: Array.from({ length: 1001 }, () => 'x') }] };
      expect(problemOf(JSON.stringify(over))).toEqual({
        type: 'urn:problem-type:array-too-long',
        title: 'An array in the body is too long',
        status: 422,
        detail: 'items.1.tags: must have at most 1000 elements, has 1001',
        errors: [{ field: 'items.1.tags', message: 'must have at most 1000 elements, has 1001' }],
      });
    });

    it('finds long arrays inside arrays, and a long top-level array', () => {
      expect(problemOf('{"a":[[1,2],[1,2,3,4]]}', { maxArrayLength: 3 }).errors).toEqual([
        { field: 'a.1', message: 'must have at most 3 elements, has 4' },
      ]);
      expect(problemOf('[[1],[2],[3],[4]]', { maxArrayLength: 3 }).errors).toEqual([
        { field: '', message: 'must have at most 3 elements, has 4' },
      ]);
    });

    it('reports a too-long array before any NUL character', () => {
      const body = { name: 'a\0', items: Array.from({ length: 1001 }, () => '\0') };
      expect(problemOf(JSON.stringify(body)).errors).toEqual([
        { field: 'items', message: 'must have at most 1000 elements, has 1001' },
      ]);
    });
  });

  describe('NUL characters', () => {
    it('refuses U+0000 in a string value with 422 nul-character and the dotted path', () => {
      const body = { items: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd\0e' }] };
      expect(problemOf(JSON.stringify(body))).toEqual({
        type: 'urn:problem-type:nul-character',
        title: 'The body contains the NUL character',
        status: 422,
        detail: 'items.3.name: must not contain the NUL character (U+0000)',
        errors: [{ field: 'items.3.name', message: 'must not contain the NUL character (U+0000)' }],
      });
    });

    it('refuses U+0000 in a key, naming the path of the key with the NUL escaped', () => {
      const problem = problemOf(JSON.stringify({ meta: { ['a\0b']: 1 }, list: ['ok', '\0'] }));
      expect(problem.type).toBe('urn:problem-type:nul-character');
      expect(problem.errors).toEqual([
        { field: String.raw`meta.a\u0000b`, message: 'key must not contain the NUL character (U+0000)' },
        { field: 'list.1', message: 'must not contain the NUL character (U+0000)' },
      ]);
      expect(problem.errors?.[0].field).not.toContain('\0');
    });

    it('refuses a top-level string with U+0000, and lists at most 20 places', () => {
      expect(problemOf('"a\\u0000"').errors).toEqual([
        { field: '', message: 'must not contain the NUL character (U+0000)' },
      ]);
      const many = problemOf(JSON.stringify(Array.from({ length: 500 }, () => '\0')));
      expect(many.errors).toHaveLength(20);
      expect(many.errors?.[19].field).toBe('19');
    });
  });

  describe('lone UTF-16 surrogates', () => {
    it('refuses a lone surrogate in a string value with 422 invalid-unicode and the dotted path', () => {
      const text = String.raw`{"patientId":"p","history":"fever \ud800 since Monday","chiefComplaint":"ok \udc00"}`;
      expect(problemOf(text)).toEqual({
        type: 'urn:problem-type:invalid-unicode',
        title: 'The body contains invalid Unicode',
        status: 422,
        detail:
          'history: must not contain a lone UTF-16 surrogate (U+D800–U+DFFF); ' +
          'chiefComplaint: must not contain a lone UTF-16 surrogate (U+D800–U+DFFF)',
        errors: [
          { field: 'history', message: 'must not contain a lone UTF-16 surrogate (U+D800–U+DFFF)' },
          { field: 'chiefComplaint', message: 'must not contain a lone UTF-16 surrogate (U+D800–U+DFFF)' },
        ],
      });
    });

    it('finds them at any depth, at either end of a string, and in a top-level string', () => {
      const cases: [string, string][] = [
        [String.raw`{"vitals":{"notes":["ok","\udbff"]}}`, 'vitals.notes.1'],
        [String.raw`{"a":"\ud83d"}`, 'a'], // a high surrogate at the end
        [String.raw`{"a":"\ude00x"}`, 'a'], // a low surrogate at the start
        [String.raw`{"a":"\ude00\ud83d"}`, 'a'], // a pair in the wrong order
        [String.raw`"\ud800"`, ''],
      ];
      for (const [text, field] of cases) {
        const problem = problemOf(text);
        expect(problem.type).toBe('urn:problem-type:invalid-unicode');
        expect(problem.errors).toEqual([
          { field, message: expect.stringContaining('lone UTF-16 surrogate') },
        ]);
      }
    });

    it('refuses one in a key, naming the path with the surrogate escaped', () => {
      const problem = problemOf(String.raw`{"meta":{"a\ud800b":1}}`);
      expect(problem.type).toBe('urn:problem-type:invalid-unicode');
      expect(problem.errors).toEqual([
        {
          field: String.raw`meta.a\ud800b`,
          message: 'key must not contain a lone UTF-16 surrogate (U+D800–U+DFFF)',
        },
      ]);
      expect(problem.errors?.[0].field).toMatch(/^[\x20-\x7e]+$/);
    });

    it('accepts surrogate pairs (emoji, supplementary CJK), escaped or not', () => {
      const body = { note: 'rash 😷 𠀀', escaped: '\ud83d\ude37' };
      expect(parseJsonBody(JSON.stringify(body), LIMITS)).toEqual(body);
      expect(parseJsonBody(String.raw`{"a":"\ud83d\ude37"}`, LIMITS)).toEqual({ a: '😷' });
    });
  });

  describe('bytes that are not UTF-8', () => {
    const parse = (raw: Buffer) =>
      new Promise<unknown>((resolve, reject) =>
        jsonBodyParser(LIMITS)(undefined as never, raw, (error, body) =>
          error ? reject(error) : resolve(body),
        ),
      );

    it('refuses invalid UTF-8 (a lone surrogate encoded, a stray continuation byte) with 400 malformed-json', async () => {
      for (const bytes of [
        [0xed, 0xa0, 0x80], // U+D800 encoded as if it were a character
        [0x80],
        [0xc3], // a sequence cut short
        [0xf8, 0x88, 0x80, 0x80, 0x80],
      ]) {
        const raw = Buffer.concat([Buffer.from('{"history":"fever '), Buffer.from(bytes), Buffer.from('"}')]);
        const error = await parse(raw).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ProblemException);
        expect((error as ProblemException).toProblem()).toMatchObject({
          status: 400,
          type: 'urn:problem-type:malformed-json',
          detail: 'The body is not valid UTF-8.',
        });
      }
    });

    it('reads valid UTF-8 (Urdu, emoji) as it is, and a leading byte order mark as before', async () => {
      const body = { history: 'بخار تین دن سے 😷' };
      expect(await parse(Buffer.from(JSON.stringify(body)))).toEqual(body);
      expect(await parse(Buffer.from('\ufeff{"a":1}'))).toEqual({ a: 1 });
    });
  });

  describe('malformed and poisoned bodies', () => {
    it('answers malformed JSON with 400 malformed-json', () => {
      for (const text of ['{"caseFileId": ', '   ', "{'a':1}", '[1,]']) {
        expect(problemOf(text)).toMatchObject({
          status: 400,
          type: 'urn:problem-type:malformed-json',
          detail: 'The body is not valid JSON.',
        });
      }
    });

    it('refuses __proto__ and constructor.prototype with 400, leaving Object.prototype alone', () => {
      for (const text of [
        '{"__proto__":{"isAdmin":true}}',
        '{"a":[{"\\u005f_proto__":{"isAdmin":true}}]}',
        '{"constructor":{"prototype":{"isAdmin":true}}}',
      ]) {
        expect(problemOf(text)).toMatchObject({
          status: 400,
          type: 'urn:problem-type:malformed-json',
          detail: expect.stringContaining('__proto__'),
        });
      }
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });

    it('keeps Fastify’s 400 for an empty body', () => {
      expect(() => parseJsonBody('', LIMITS)).toThrow(
        expect.objectContaining({ statusCode: 400, code: 'FST_ERR_CTP_EMPTY_JSON_BODY' }),
      );
    });
  });
});
