import { spawn } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { workspaceRoot } from '@referral/testing';

/**
 * The default exporter, OTLP over HTTP: a service process (the built tracing entry point, as every
 * `main.ts` loads it first) with only `OTEL_EXPORTER_OTLP_ENDPOINT` set exports to `<endpoint>/v1/traces`
 * as protobuf, its resource named after the service; with nothing set it exports nothing. The receiver
 * here is a plain HTTP server standing in for a collector (the Zipkin e2e runs a real backend).
 */
describe('OTLP export, the default when an endpoint is configured', () => {
  let server: Server;
  const received: { path: string; headers: IncomingHttpHeaders; body: Buffer }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks) });
        response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (received.length = 0));

  /** A process that starts tracing as a service does, makes one span and shuts down (flushing it). */
  function runProcess(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    const tracing = path.join(workspaceRoot, 'dist/libs/platform/observability/src/tracing.js');
    const observability = path.join(workspaceRoot, 'dist/libs/platform/observability/src/index.js');
    const script = `
      const { startTracing } = require(${JSON.stringify(tracing)});
      const started = startTracing('directory');
      const { tracer, flushTracing } = require(${JSON.stringify(observability)});
      tracer.startActiveSpan('probe span', (span) => span.end());
      flushTracing().then(() => console.log(started ? 'tracing on' : 'tracing off'));`;
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')),
    );
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['-e', script], {
        cwd: workspaceRoot,
        env: { ...clean, ...env },
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk));
      child.on('close', (code) => resolve({ code, output }));
    });
  }

  it('exports protobuf to <endpoint>/v1/traces with the service name, when only the endpoint is set', async () => {
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { code, output } = await runProcess({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    expect({ code, output: output.trim() }).toEqual({ code: 0, output: 'tracing on' });
    expect(received).toHaveLength(1);
    expect(received[0].path).toBe('/v1/traces');
    expect(received[0].headers['content-type']).toBe('application/x-protobuf');
    // The protobuf carries the resource's service name and the span's name as plain strings.
    expect(received[0].body.includes(Buffer.from('directory'))).toBe(true);
    expect(received[0].body.includes(Buffer.from('probe span'))).toBe(true);
  });

  it('exports nothing when no exporter is configured', async () => {
    const { code, output } = await runProcess({});
    expect({ code, output: output.trim() }).toEqual({ code: 0, output: 'tracing off' });
    expect(received).toHaveLength(0);
  });

  it('stops the process at start, naming the variable, for an exporter it does not know', async () => {
    const { code, output } = await runProcess({ OTEL_TRACES_EXPORTER: 'jaegar' });
    expect(code).toBe(78);
    expect(output).toContain('OTEL_TRACES_EXPORTER');
  });
});
