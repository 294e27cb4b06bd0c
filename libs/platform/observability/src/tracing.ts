/**
 * OpenTelemetry tracing for a service process: HTTP in and out (`http` and Node's `fetch`), PostgreSQL
 * (`pg`) and Kafka (kafkajs: consume, and the dead-letter producer; the outbox relay makes its own
 * producer spans, see trace-spans.ts), exported over OTLP or to Zipkin, or off.
 *
 * A secondary entry point (`@referral/platform-observability/tracing`) and the first import of every
 * `main.ts`: instrumentations patch `http`, `pg` and `kafkajs` when they are loaded, so the SDK starts
 * before anything loads them. Nothing here imports them.
 *
 * Configuration is OpenTelemetry's own environment, validated at start (TracingEnv in
 * libs/platform/config; the OTLP exporter reads its own variables too):
 * - `OTEL_TRACES_EXPORTER`: `otlp` (the default when an OTLP endpoint is set), `zipkin`, `console`, or
 *   `none`. Unset and no OTLP endpoint: tracing is off, and nothing is patched.
 * - `OTEL_EXPORTER_OTLP_ENDPOINT` / `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (OTLP over HTTP, protobuf),
 *   `OTEL_EXPORTER_OTLP_HEADERS`; `OTEL_EXPORTER_ZIPKIN_ENDPOINT` (default
 *   http://localhost:9411/api/v2/spans);
 * - `OTEL_SERVICE_NAME` (default: the service's name), `OTEL_RESOURCE_ATTRIBUTES`;
 * - `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG` (default: parent-based, always on);
 * - `OTEL_BSP_SCHEDULE_DELAY`, `OTEL_BSP_MAX_QUEUE_SIZE`, … (the batch span processor).
 */
import { diag, DiagLogLevel, type DiagLogger, type Span } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  type BatchSpanProcessorOptions,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import { loadEnvOrExit, TracingEnv } from '@referral/platform-config';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { loggableUrl } from './loggable-url';
import { onTracingShutdown } from './trace-spans';

export type TraceExporterKind = 'otlp' | 'zipkin' | 'console';

export interface TracingConfig {
  /** Undefined: tracing is off. */
  exporter?: TraceExporterKind;
  serviceName: string;
}

/** Paths that probes and scrapers call every few seconds: no trace of their own. */
const UNTRACED_PATHS = /^\/(health|metrics)(\/|\?|$)/;

/**
 * Which exporter the environment asks for. OTLP is the default once an OTLP endpoint is configured;
 * nothing configured means off. (A value we do not know was refused by TracingEnv: a typo must not
 * silently turn tracing off in production.)
 */
export function tracingConfigFrom(env: TracingEnv, defaultServiceName: string): TracingConfig {
  const serviceName = env.OTEL_SERVICE_NAME ?? defaultServiceName;
  if (env.OTEL_SDK_DISABLED === 'true') return { serviceName };
  const named = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  if (named)
    return named === 'none' ? { serviceName } : { exporter: named as TraceExporterKind, serviceName };
  const otlpEndpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return otlpEndpoint ? { exporter: 'otlp', serviceName } : { serviceName };
}

function exporterFor(kind: TraceExporterKind, env: TracingEnv): SpanExporter {
  switch (kind) {
    case 'otlp':
      // Reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, _HEADERS, _TIMEOUT, _COMPRESSION itself.
      return new OTLPTraceExporter();
    case 'zipkin':
      return new ZipkinExporter({ url: env.OTEL_EXPORTER_ZIPKIN_ENDPOINT });
    case 'console':
      return new ConsoleSpanExporter();
  }
}

/** The batch span processor's OTEL_BSP_* settings (the SDK's processor no longer reads them itself). */
export function batchOptionsFrom(env: TracingEnv): BatchSpanProcessorSettings {
  return {
    scheduledDelayMillis: env.OTEL_BSP_SCHEDULE_DELAY,
    exportTimeoutMillis: env.OTEL_BSP_EXPORT_TIMEOUT,
    maxQueueSize: env.OTEL_BSP_MAX_QUEUE_SIZE,
    maxExportBatchSize: env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE,
  };
}

type BatchSpanProcessorSettings = Omit<BatchSpanProcessorOptions, 'exporter'>;

/** OpenTelemetry's own warnings (an exporter that cannot reach its backend) as JSON lines on stderr. */
function diagnosticsTo(serviceName: string): DiagLogger {
  const write = (level: string) => (message: string) =>
    process.stderr.write(
      `${JSON.stringify({ level, time: Date.now(), service: serviceName, msg: `opentelemetry: ${message}` })}\n`,
    );
  return {
    error: write('error'),
    warn: write('warn'),
    info: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
  };
}

/**
 * HTTP spans carry URLs as the logs do (loggableUrl): `GET /v1/patients?cnic=` must not put a CNIC into
 * the trace backend, which holds no PHI. Query values go, names stay; CNIC-shaped path parts are masked.
 */
export function redactSpanUrl(span: Span, pathAndQuery: string, origin?: string): void {
  const safe = loggableUrl(pathAndQuery);
  const [path, query] = safe.split(/\?(.*)/s, 2);
  span.setAttribute('url.path', path);
  if (query !== undefined) span.setAttribute('url.query', query);
  if (origin !== undefined) span.setAttribute('url.full', `${origin}${safe}`);
}

let sdk: NodeSDK | undefined;

/**
 * Starts tracing for this process when the environment configures an exporter; returns whether it
 * did. Call once, before `http`, `pg` or `kafkajs` are loaded.
 */
export function startTracing(
  defaultServiceName: string,
  env: TracingEnv = loadEnvOrExit(TracingEnv),
): boolean {
  if (sdk) return true;
  const config = tracingConfigFrom(env, defaultServiceName);
  if (!config.exporter) return false;
  diag.setLogger(diagnosticsTo(config.serviceName), DiagLogLevel.WARN);
  sdk = new NodeSDK({
    serviceName: config.serviceName,
    spanProcessors: [
      new BatchSpanProcessor({ exporter: exporterFor(config.exporter, env), ...batchOptionsFrom(env) }),
    ],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.test(request.url ?? ''),
        requestHook: (span, request) => {
          if ('url' in request && typeof request.url === 'string') redactSpanUrl(span, request.url);
          else if ('path' in request && typeof request.path === 'string') {
            redactSpanUrl(span, request.path, `${request.protocol}//${request.host}`);
          }
        },
        // Outgoing calls go through fetch (the undici instrumentation below); plain `http` clients
        // (the Zipkin exporter, kafkajs does not use http) only when part of a trace.
        requireParentforOutgoingSpans: true,
      }),
      new UndiciInstrumentation({
        requireParentforSpans: true,
        requestHook: (span, request) => redactSpanUrl(span, request.path, request.origin),
      }),
      // Queries outside a request or an event (pollers finding nothing to do) would each be a trace.
      // Pool checkouts are no work of their own: a span per query is what an operator reads.
      new PgInstrumentation({
        requireParentSpan: true,
        enhancedDatabaseReporting: false,
        ignoreConnectSpans: true,
      }),
      new KafkaJsInstrumentation(),
    ],
  });
  sdk.start();
  const running = sdk;
  // The platform's shutdown (LifecycleLogger) exports what is still buffered.
  onTracingShutdown(async () => {
    sdk = undefined;
    await running.shutdown();
  });
  return true;
}
