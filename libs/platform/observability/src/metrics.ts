import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** One Prometheus registry per process, with Node's default metrics and the service label. */
export const metricsRegistry = new Registry();
let initialised = false;

export function initMetrics(service: string): Registry {
  if (!initialised) {
    metricsRegistry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: metricsRegistry });
    initialised = true;
  }
  return metricsRegistry;
}

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by route and status code',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

export const outboxPublished = new Counter({
  name: 'outbox_events_published_total',
  help: 'Events the outbox relay published to Kafka',
  labelNames: ['topic'] as const,
  registers: [metricsRegistry],
});

export const outboxPublishFailures = new Counter({
  name: 'outbox_publish_failures_total',
  help: 'Outbox relay batches that failed to publish (retried later)',
  registers: [metricsRegistry],
});

export const eventsConsumed = new Counter({
  name: 'events_consumed_total',
  help: 'Events handled by consumers, by outcome (processed, duplicate, skipped, dead_lettered)',
  labelNames: ['topic', 'type', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const eventHandlerRetries = new Counter({
  name: 'event_handler_retries_total',
  help: 'Handler attempts that failed and were retried',
  labelNames: ['topic', 'type'] as const,
  registers: [metricsRegistry],
});
