import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from '@fastify/helmet';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { databaseSsl } from '@referral/platform-config';
import { ensureDatabase, redactUrl, runMigrations } from '@referral/platform-database';
import { CONSUMER_GROUPS, EventConsumerServer } from '@referral/platform-kafka';
import { trace as otelTrace } from '@opentelemetry/api';
import {
  activeTraceContext,
  childTrace,
  enterRequestContext,
  formatTraceparent,
  httpRequestDuration,
  initMetrics,
  parseTraceparent,
  PinoNestLogger,
} from '@referral/platform-observability';
import { databaseOptionsOf, type ServiceDefinition } from './platform.module';
import { jsonBodyParser } from './json-body';
import { setupOpenApi } from './openapi';
import { OneLineRequestLog, redactRequestUrlsInLogs } from './request-log-redaction';
import { ProblemDetailsFilter } from './problem-details.filter';
import { createValidationPipe } from './validation';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the HTTP app of a service: Fastify with JSON logs, request id, trace context and metrics. */
export async function createServiceApp(
  appModule: unknown,
  definition: ServiceDefinition,
): Promise<NestFastifyApplication> {
  const { logger } = definition;
  initMetrics(definition.name);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new OneLineRequestLog(),
    bodyLimit: definition.env.HTTP_BODY_LIMIT_BYTES,
    requestIdHeader: false,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const instance = adapter.getInstance();
  redactRequestUrlsInLogs(instance);
  // A JSON API: a text/plain body is 415, not a string that validation then misreads.
  instance.removeContentTypeParser('text/plain');
  instance.addHook('onRequest', async (request, reply) => {
    // With tracing on, the HTTP instrumentation's server span is the request's (it continued the
    // caller's traceparent); it takes the route's name, as OpenTelemetry's HTTP conventions say.
    const span = otelTrace.getActiveSpan();
    const route = request.routeOptions.url;
    if (span && route) {
      span.updateName(`${request.method} ${route}`);
      span.setAttribute('http.route', route);
    }
    const trace =
      activeTraceContext() ?? childTrace(parseTraceparent(request.headers.traceparent as string | undefined));
    enterRequestContext({ requestId: String(request.id), trace });
    void reply.header('x-request-id', request.id);
    void reply.header('traceparent', formatTraceparent(trace));
  });
  instance.addHook('onResponse', async (request, reply) => {
    httpRequestDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  const app = await NestFactory.create<NestFastifyApplication>(appModule as never, adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
  });
  // Instead of Fastify's parser (which Nest would register at init): hostile bodies — too deep, huge
  // arrays, NUL characters — are refused as problems before anything else reads them.
  app.useBodyParser(
    'application/json',
    { bodyLimit: definition.env.HTTP_BODY_LIMIT_BYTES },
    jsonBodyParser({
      maxDepth: definition.env.HTTP_JSON_MAX_DEPTH,
      maxArrayLength: definition.env.HTTP_JSON_MAX_ARRAY_LENGTH,
    }),
  );
  await definition.configureHttp?.(app, definition.env);
  await app.register(helmet, {
    // JSON only: no documents to frame or script; the Swagger UI page, when served, sets its own.
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
  });
  const origins = definition.env.CORS_ORIGINS?.split(',') ?? [];
  app.enableCors({
    origin: origins.length ? origins : false,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: [
      'authorization',
      'content-type',
      'idempotency-key',
      'if-match',
      'if-none-match',
      'if-range',
      'range',
      'x-request-id',
      'traceparent',
      // tus 1.0 resumable uploads
      'tus-resumable',
      'upload-length',
      'upload-offset',
      'upload-metadata',
    ],
    exposedHeaders: [
      'x-request-id',
      'location',
      'etag',
      'retry-after',
      'content-range',
      'content-location',
      'content-disposition',
      'tus-resumable',
      'upload-offset',
      'upload-length',
      'upload-expires',
    ],
    maxAge: 600,
  });
  app.useGlobalFilters(new ProblemDetailsFilter(logger));
  app.useGlobalPipes(createValidationPipe());
  if (definition.openApi) setupOpenApi(app, definition.openApi);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  // A graceful shutdown that hangs (a stuck request, an unreachable broker) must not keep the
  // process around for ever: after the deadline it exits and its orchestrator restarts it.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        logger.error(
          { signal, timeoutMs: definition.env.SHUTDOWN_TIMEOUT_MS },
          'graceful shutdown timed out; exiting',
        );
        process.exit(1);
      }, definition.env.SHUTDOWN_TIMEOUT_MS).unref();
    });
  }
  if (definition.consumes?.length) {
    app.connectMicroservice({ strategy: app.get(EventConsumerServer) }, { inheritAppConfig: true });
  }
  for (const group of app.get<EventConsumerServer[]>(CONSUMER_GROUPS)) {
    app.connectMicroservice({ strategy: group }, { inheritAppConfig: true });
  }
  return app;
}

/** Starts consumers, then HTTP; the process exits non-zero when start fails. */
export async function startService(app: INestApplication, definition: ServiceDefinition): Promise<void> {
  const { env, logger } = definition;
  try {
    // Modules first (topics are created then), consumers next: a consumer must not subscribe to a
    // topic that a fresh broker does not have yet.
    await app.init();
    await app.startAllMicroservices();
    await app.listen(env.PORT, env.HOST);
    logger.info({ port: env.PORT }, `${definition.name} started`);
  } catch (error) {
    logger.fatal({ err: error }, `${definition.name} failed to start`);
    await app.close().catch(() => undefined);
    process.exit(1);
  }
}

/** The `migrate` entry point of a service: create its database if needed, apply pending migrations. */
export async function migrateService(definition: ServiceDefinition): Promise<void> {
  const { env, logger } = definition;
  const created = await ensureDatabase(env.DATABASE_URL, env.DATABASE_NAME, undefined, databaseSsl(env));
  if (created) logger.info({ database: env.DATABASE_NAME }, 'created database');
  const applied = await runMigrations(databaseOptionsOf(definition));
  logger.info(
    { database: env.DATABASE_NAME, server: redactUrl(env.DATABASE_URL), applied },
    applied.length ? `applied ${applied.length} migration(s)` : 'database is up to date',
  );
}
