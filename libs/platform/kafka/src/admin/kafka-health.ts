import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { KAFKA } from '../kafka-options';

/**
 * Readiness of the broker as this service sees it: a metadata request that must answer within the
 * timeout. kafkajs reconnects by itself once the broker is back, so readiness recovers without a
 * restart.
 */
@Injectable()
export class KafkaHealth implements OnApplicationShutdown {
  private admin?: Admin;
  private connected = false;

  constructor(@Inject(KAFKA) private readonly kafka: Kafka) {}

  async check(timeoutMs = 2000): Promise<{ up: boolean; brokers?: number; error?: string }> {
    const probe = (async () => {
      if (!this.admin) {
        this.admin = this.kafka.admin({ retry: { retries: 0 } });
        this.admin.on('admin.disconnect', () => (this.connected = false));
      }
      if (!this.connected) {
        await this.admin.connect();
        this.connected = true;
      }
      const cluster = await this.admin.describeCluster();
      return { up: true, brokers: cluster.brokers.length };
    })();
    probe.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([probe, timeout]);
    } catch (error) {
      // Start from a fresh connection next time: a half-open one would keep failing.
      const admin = this.admin;
      this.admin = undefined;
      this.connected = false;
      void admin?.disconnect().catch(() => undefined);
      return { up: false, error: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }
}
