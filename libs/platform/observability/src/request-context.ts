import { AsyncLocalStorage } from 'node:async_hooks';
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

/** The traceparent to put on outgoing calls and events, when there is a current trace. */
export function currentTraceparent(): string | undefined {
  const ctx = storage.getStore();
  return ctx ? formatTraceparent(ctx.trace) : undefined;
}
