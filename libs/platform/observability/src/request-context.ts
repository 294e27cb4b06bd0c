import { AsyncLocalStorage } from 'node:async_hooks';
import { activeTraceContext } from './trace-spans';
import { formatTraceparent, type TraceContext } from './trace-context';

export interface RequestContext {
  requestId?: string;
  trace: TraceContext;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Binds the context to the rest of the current request or message handling. */
export function enterRequestContext(context: RequestContext): void {
  storage.enterWith(context);
}

export function runInContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/**
 * The traceparent to put on events written now, when there is a current trace: the active span's when
 * tracing records one (an HTTP request's, a consumed event's), else the request context's.
 */
export function currentTraceparent(): string | undefined {
  const active = activeTraceContext();
  return active ? formatTraceparent(active) : contextTraceparent();
}

/**
 * The traceparent an outgoing HTTP call must carry by hand: none when tracing records the current span
 * (the fetch instrumentation adds its client span's, and a second header would make the receiver start
 * a new trace), else the request context's.
 */
export function outgoingTraceparent(): string | undefined {
  return activeTraceContext() ? undefined : contextTraceparent();
}

function contextTraceparent(): string | undefined {
  const ctx = storage.getStore();
  return ctx ? formatTraceparent(ctx.trace) : undefined;
}
