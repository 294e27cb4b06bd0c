import { context, propagation, SpanKind, trace, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ConfigError, loadEnv, TracingEnv } from '@referral/platform-config';
import { currentTraceparent, outgoingTraceparent, runInContext } from './request-context';
import {
  activeTraceContext,
  inSpanFromTraceparent,
  startSpanFromTraceparent,
  traceparentOf,
} from './trace-spans';
import { batchOptionsFrom, redactSpanUrl, tracingConfigFrom } from './tracing';

const tracingEnv = (vars: Record<string, string>) => loadEnv(TracingEnv, vars);

describe('tracing configuration', () => {
  it.each([
    [{}, undefined],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'otlp'],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector.example.pk/v1/traces' }, 'otlp'],
    [{ OTEL_TRACES_EXPORTER: 'zipkin' }, 'zipkin'],
    [{ OTEL_TRACES_EXPORTER: 'OTLP' }, 'otlp'],
    [{ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, undefined],
    [{ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'zipkin' }, undefined],
  ])('%j exports with %s (off when nothing is configured)', (vars, exporter) => {
    expect(tracingConfigFrom(tracingEnv(vars), 'referrals')).toEqual({
      serviceName: 'referrals',
      ...(exporter ? { exporter } : {}),
    });
  });

  it('takes OTEL_SERVICE_NAME over the app’s name', () => {
    expect(
      tracingConfigFrom(tracingEnv({ OTEL_SERVICE_NAME: 'referrals-pk' }), 'referrals').serviceName,
    ).toBe('referrals-pk');
  });

  it.each([
    [{ OTEL_TRACES_EXPORTER: 'jaeger' }, 'OTEL_TRACES_EXPORTER'],
    [{ OTEL_TRACES_EXPORTER: 'otlp,zipkin' }, 'OTEL_TRACES_EXPORTER'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_ZIPKIN_ENDPOINT: 'ftp://zipkin/api/v2/spans' }, 'OTEL_EXPORTER_ZIPKIN_ENDPOINT'],
    [{ OTEL_BSP_SCHEDULE_DELAY: '0' }, 'OTEL_BSP_SCHEDULE_DELAY'],
    [{ OTEL_SDK_DISABLED: 'yes' }, 'OTEL_SDK_DISABLED'],
  ])('refuses %j, naming the variable (a typo must not turn tracing off)', (vars, variable) => {
    expect(() => tracingEnv(vars)).toThrow(ConfigError);
    expect(() => tracingEnv(vars)).toThrow(variable);
  });

  it('passes the OTEL_BSP_* settings to the batch processor, leaving the rest to its defaults', () => {
    expect(
      batchOptionsFrom(tracingEnv({ OTEL_BSP_SCHEDULE_DELAY: '200', OTEL_BSP_MAX_QUEUE_SIZE: '4096' })),
    ).toEqual({
      scheduledDelayMillis: 200,
      maxQueueSize: 4096,
      exportTimeoutMillis: undefined,
      maxExportBatchSize: undefined,
    });
  });
});

describe('HTTP span URLs', () => {
  function attributesAfter(pathAndQuery: string, origin?: string) {
    const attributes: Record<string, unknown> = {};
    const span = {
      setAttribute: (key: string, value: unknown) => (attributes[key] = value),
    } as unknown as Span;
    redactSpanUrl(span, pathAndQuery, origin);
    return attributes;
  }

  it('keeps query names and drops their values: a CNIC never reaches the trace backend', () => {
    expect(attributesAfter('/v1/patients?cnic=3520212345671&limit=20')).toEqual({
      'url.path': '/v1/patients',
      'url.query': 'cnic=…&limit=…',
    });
  });

  it('masks a CNIC-shaped path segment, and rewrites the full URL of a client span', () => {
    expect(attributesAfter('/lookup/35202-1234567-1?token=secret', 'https://sms.example.pk')).toEqual({
      'url.path': '/lookup/*',
      'url.query': 'token=…',
      'url.full': 'https://sms.example.pk/lookup/*?token=…',
    });
  });
});

describe('spans continued from a stored traceparent', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const contextManager = new AsyncLocalStorageContextManager();

  beforeAll(() => {
    contextManager.enable();
    context.setGlobalContextManager(contextManager);
    trace.setGlobalTracerProvider(provider);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });
  beforeEach(() => exporter.reset());

  const stored = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

  it('continues the stored trace as the parent, with the span active for the work inside', async () => {
    let inside: ReturnType<typeof activeTraceContext>;
    let written: string | undefined;
    const answer = await inSpanFromTraceparent(
      stored,
      'sms referral.submitted',
      SpanKind.INTERNAL,
      {},
      async () => {
        inside = activeTraceContext();
        written = currentTraceparent();
        return 42;
      },
    );
    expect(answer).toBe(42);
    const [span] = exporter.getFinishedSpans();
    expect(span.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(span.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(inside).toEqual({
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
      flags: '01',
    });
    // What the work writes (an outbox row, a dispatch) names this span as its parent.
    expect(written).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
  });

  it('marks the span as failed and re-throws', async () => {
    await expect(
      inSpanFromTraceparent(stored, 'webhook referral.claimed', SpanKind.INTERNAL, {}, async () => {
        throw new Error('receiver unreachable');
      }),
    ).rejects.toThrow('receiver unreachable');
    const [span] = exporter.getFinishedSpans();
    expect(span.status).toMatchObject({ code: 2, message: 'receiver unreachable' });
  });

  it('starts a new trace when the row has no traceparent', async () => {
    await inSpanFromTraceparent(
      null,
      'sms referral.claim_overdue',
      SpanKind.INTERNAL,
      {},
      async () => undefined,
    );
    const [span] = exporter.getFinishedSpans();
    expect(span.parentSpanContext).toBeUndefined();
  });

  it('gives a producer span’s traceparent for the message header', () => {
    const span = startSpanFromTraceparent(stored, 'send referrals.referral.v1', SpanKind.PRODUCER);
    expect(traceparentOf(span)).toBe(`00-0af7651916cd43dd8448eb211c80319c-${span.spanContext().spanId}-01`);
    span.end();
  });

  it('leaves outgoing calls to the fetch instrumentation inside a span, and sets the header by hand outside', async () => {
    const requestTrace = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), flags: '01' };
    await runInContext({ trace: requestTrace }, async () => {
      expect(outgoingTraceparent()).toBe(`00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`);
      await inSpanFromTraceparent(stored, 'work', SpanKind.INTERNAL, {}, async () => {
        expect(outgoingTraceparent()).toBeUndefined();
      });
    });
  });
});
