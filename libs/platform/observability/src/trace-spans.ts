import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import type { TraceContext } from './trace-context';

/**
 * Spans of our own where work leaves the request that caused it and resumes later from a row: the
 * outbox relay publishing an event, a worker sending an SMS or a webhook delivery. The row carries
 * the W3C `traceparent` of the work that wrote it; these helpers continue that trace. With tracing off
 * (no SDK started) every call here is a no-op of OpenTelemetry's API.
 */
export const tracer = trace.getTracer('@referral/platform');

/** The active span's context (an HTTP request's, a consumed event's), when tracing records one. */
export function activeTraceContext(): TraceContext | undefined {
  const span = trace.getActiveSpan();
  const ctx = span?.spanContext();
  if (!ctx || !trace.isSpanContextValid(ctx)) return undefined;
  return { traceId: ctx.traceId, spanId: ctx.spanId, flags: ctx.traceFlags.toString(16).padStart(2, '0') };
}

/** The context a stored `traceparent` names as parent (the root context without a valid one). */
export function contextFromTraceparent(traceparent: string | undefined | null): Context {
  return traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
}

/** The `traceparent` of a span, as the propagator writes it ('' for a span that is not recorded). */
export function traceparentOf(span: Span): string {
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), carrier);
  return carrier.traceparent ?? '';
}

/**
 * Starts a span whose parent is the stored `traceparent`, for work that ends later (a batch send):
 * the caller ends it.
 */
export function startSpanFromTraceparent(
  traceparent: string | undefined | null,
  name: string,
  kind: SpanKind,
  attributes: Attributes = {},
): Span {
  return tracer.startSpan(name, { kind, attributes }, contextFromTraceparent(traceparent));
}

/**
 * Runs `work` in a span whose parent is the stored `traceparent`, with the span active (so that the
 * HTTP call or the queries it makes are its children); an error marks the span and is re-thrown.
 */
export async function inSpanFromTraceparent<T>(
  traceparent: string | undefined | null,
  name: string,
  kind: SpanKind,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const span = startSpanFromTraceparent(traceparent, name, kind, attributes);
  try {
    return await context.with(trace.setSpan(context.active(), span), () => work(span));
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span.end();
  }
}

export function failSpan(span: Span, error: unknown): void {
  const err = error instanceof Error ? error : new Error(String(error));
  span.recordException({ name: err.name, message: err.message });
  span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
}

let tracingShutdown: (() => Promise<void>) | undefined;

/** Set by startTracing (the SDK's entry point), so that the platform need not load the SDK. */
export function onTracingShutdown(shutdown: () => Promise<void>): void {
  tracingShutdown = shutdown;
}

/** Exports the spans still buffered and stops tracing (when it was started); never throws. */
export async function flushTracing(): Promise<void> {
  const shutdown = tracingShutdown;
  tracingShutdown = undefined;
  await shutdown?.().catch(() => undefined);
}

export { SpanKind };
