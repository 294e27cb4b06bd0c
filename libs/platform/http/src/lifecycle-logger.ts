import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Logger } from 'pino';

export const LOGGER = Symbol('LOGGER');

/** Says when a graceful shutdown begins and ends, so an operator can tell a stop from a crash. */
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

  onApplicationShutdown(signal?: string): void {
    this.logger.info({ signal, ms: Date.now() - this.began }, 'shut down');
  }
}
