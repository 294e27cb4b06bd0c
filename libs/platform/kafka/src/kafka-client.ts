import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from 'pino';
import type { KafkaConnectionSecurity } from '@referral/platform-config';

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * A kafkajs client whose logs go through the service's pino logger (JSON, one line each); TLS and SASL
 * as the environment says (platform-config's kafkaConnectionSecurity).
 */
export function createKafka(
  clientId: string,
  brokers: string[],
  logger: Logger,
  security: KafkaConnectionSecurity = {},
): Kafka {
  const log = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers,
    ...security,
    connectionTimeout: 3000,
    requestTimeout: 10_000,
    // kafkajs' own retries are short: callers (relay, consumer) own the longer retry policy.
    retry: { initialRetryTime: 200, maxRetryTime: 5000, retries: 5 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, label, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        log[levels[level] ?? 'info']({ kafka: rest, label }, message);
      },
  });
}
