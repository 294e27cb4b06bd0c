import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { flushTracing } from '@referral/platform-observability';

export const LOGGER = Symbol('LOGGER');

/**
 * Says when a graceful shutdown begins and ends, so an operator can tell a stop from a crash; exports
 * the spans still buffered when tracing is on.
 */
@Injectable()
export class LifecycleLogger implements BeforeApplicationShutdown, OnApplicationShutdown {
  private began = 0;

  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  beforeApplicationShutdown(signal?: string): void {
    this.began = Date.now();
    this.logger.info(
      { signal },
      'shutting down: consumers stopped, finishing in-flight work, flushing the outbox',
    );
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    // Last: the spans of the shutdown's own work (the outbox flush) are exported too.
    await flushTracing();
    this.logger.info({ signal, ms: Date.now() - this.began }, 'shut down');
  }
}
