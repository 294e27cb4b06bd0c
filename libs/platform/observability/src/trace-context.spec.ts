import { childTrace, formatTraceparent, parseTraceparent } from './trace-context';

describe('trace context', () => {
  const header = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('reads a W3C traceparent', () => {
    expect(parseTraceparent(header)).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      flags: '01',
    });
  });

  it.each([
    '',
    'garbage',
    '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`,
  ])('ignores an invalid header %p', (value) => expect(parseTraceparent(value)).toBeUndefined());

  it('continues the caller trace with a new span', () => {
    const parent = parseTraceparent(header)!;
    const child = childTrace(parent);
    expect(child.traceId).toBe(parent.traceId);
    expect(child.spanId).not.toBe(parent.spanId);
    expect(parseTraceparent(formatTraceparent(child))).toEqual(child);
  });

  it('starts a new trace without a parent', () => {
    const trace = childTrace();
    expect(trace.traceId).toMatch(/^[0-9a-f]{32}$/);
  });
});
