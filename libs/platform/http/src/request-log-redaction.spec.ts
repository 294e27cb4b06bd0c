import { Writable } from 'node:stream';
import fastify, { type FastifyInstance } from 'fastify';
import { childTrace, createLogger, enterRequestContext, type Logger } from '@referral/platform-observability';
import { loggableUrl, OneLineRequestLog, redactRequestUrlsInLogs } from './request-log-redaction';

// Synthetic numbers: none belongs to a real person.
describe('loggableUrl', () => {
  it.each([
    ['/v1/patients?cnic=35202-1234567-3', '/v1/patients?cnic=…'],
    ['/v1/patients?cnic=3520212345673&limit=20', '/v1/patients?cnic=…&limit=…'],
    ['/v1/patients?c%6Enic=3520212345673', '/v1/patients?…'],
    ['/v1/patients?3520212345673', '/v1/patients?…'],
    ['/v1/patients/35202-1234567-3', '/v1/patients/*'],
    ['/v1/patients/3520212345673?x=1', '/v1/patients/*?x=…'],
    [
      '/v1/patients/0c4f7f0e-2f7e-4a57-9d43-8d6f0b1f2a10',
      '/v1/patients/0c4f7f0e-2f7e-4a57-9d43-8d6f0b1f2a10',
    ],
    ['/health/ready', '/health/ready'],
  ])('logs %s as %s', (url, logged) => {
    expect(loggableUrl(url)).toBe(logged);
  });
});

/** A Fastify app logging as a service does (logger, URL redaction, request context), and its lines. */
async function appLogging(level: 'info' | 'debug') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const logger: Logger = createLogger('probe', level, stream);
  const app = fastify({
    loggerInstance: logger,
    logController: new OneLineRequestLog(),
    genReqId: () => 'req-1',
  });
  redactRequestUrlsInLogs(app as unknown as FastifyInstance);
  app.addHook('onRequest', async (request) => {
    enterRequestContext({ requestId: String(request.id), trace: childTrace(undefined) });
  });
  app.get('/v1/patients/:id', async () => ({ ok: true }));
  app.get('/boom', async () => {
    throw new Error('boom');
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as { port: number };
  const get = (url: string) => fetch(`http://127.0.0.1:${address.port}${url}`);
  const requestLines = () => lines.filter((line) => line.reqId === 'req-1');
  return { app, get, requestLines };
}

describe('request logging', () => {
  it('writes one line per request, with method, route, status, duration, request id and trace id', async () => {
    const { app, get, requestLines } = await appLogging('info');
    try {
      const response = await get('/v1/patients/35202-1234567-3?cnic=3520212345673');
      expect(response.status).toBe(200);
      await app.close();
      const lines = requestLines();
      expect(lines).toHaveLength(1);
      const [line] = lines;
      expect(line).toMatchObject({
        level: 'info',
        msg: 'request completed',
        reqId: 'req-1',
        requestId: 'req-1',
        route: '/v1/patients/:id',
        req: { method: 'GET', url: '/v1/patients/*?cnic=…' },
        res: { statusCode: 200 },
      });
      expect(line.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(typeof line.responseTime).toBe('number');
      // Synthetic CNIC: no part of it is in the line.
      expect(JSON.stringify(line)).not.toMatch(/35202|3520212345673/);
    } finally {
      await app.close();
    }
  });

  it('says when a request failed, on that one line', async () => {
    const { app, get, requestLines } = await appLogging('info');
    try {
      expect((await get('/boom')).status).toBe(500);
      await app.close();
      const completed = requestLines().filter((line) => line.msg !== 'boom');
      expect(completed).toHaveLength(1);
      expect(completed[0]).toMatchObject({ route: '/boom', res: { statusCode: 500 } });
    } finally {
      await app.close();
    }
  });

  it('still says when a request came in at debug level, with the redacted URL', async () => {
    const { app, get, requestLines } = await appLogging('debug');
    try {
      await get('/v1/patients/x?cnic=3520212345673');
      await app.close();
      expect(requestLines().map((line) => [line.msg, line.level])).toEqual([
        ['incoming request', 'debug'],
        ['request completed', 'info'],
      ]);
      expect(requestLines()[0].req).toMatchObject({ url: '/v1/patients/x?cnic=…' });
    } finally {
      await app.close();
    }
  });
});
