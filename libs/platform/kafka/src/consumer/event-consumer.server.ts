import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import {
  Partitioners,
  type Consumer,
  type EachMessagePayload,
  type IHeaders,
  type Kafka,
  type Producer,
} from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import type { DataSource } from 'typeorm';
import {
  assertEventData,
  ContractViolationError,
  dlqTopicOf,
  fromKafkaMessage,
  type EventEnvelope,
} from '@referral/contracts';
import {
  activeTraceContext,
  childTrace,
  eventHandlerRetries,
  eventsConsumed,
  parseTraceparent,
  runInContext,
} from '@referral/platform-observability';
import type { Logger } from 'pino';
import { backoffDelay } from '@referral/platform-database';
import { recordInInbox } from '../inbox/inbox.repository';
import { EventContext, type DeliveryInfo } from '../inbox/event-context';
import { isTransientError } from './transient-error';

export interface EventConsumerOptions {
  kafka: Kafka;
  dataSource: DataSource;
  logger: Logger;
  /** The inbox's consumer name and the Kafka consumer group. */
  groupId: string;
  /**
   * The handlers it serves: those marked `@OnEvent(type, { consumer })` with this name; absent, the
   * unmarked ones (the service's main group).
   */
  consumer?: string;
  topics: string[];
  maxAttempts: number;
  retryBackoffMs: number;
}

type Outcome = 'processed' | 'duplicate' | 'skipped' | 'dead_lettered';

/**
 * A NestJS transport strategy (`@EventPattern('<event type>')` handlers) over kafkajs that gives
 * every consumer the same guarantees:
 * - the handler's effects and the inbox row commit in one transaction; a redelivered event is skipped;
 * - the offset is committed only after that commit;
 * - a failing handler is retried with backoff, a bounded number of times, then the message goes to
 *   `<topic>.dlq` with the error in headers and the partition moves on;
 * - a message that breaks its contract goes to the DLQ at once (retrying cannot fix it).
 */
export class EventConsumerServer extends Server implements CustomTransportStrategy {
  private consumer?: Consumer;
  private dlqProducer?: Producer;
  private readonly log: Logger;
  private closing = false;

  constructor(private readonly options: EventConsumerOptions) {
    super();
    this.log = options.logger.child({ component: 'event-consumer', groupId: options.groupId });
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    this.closing = false;
    try {
      await this.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private async start(): Promise<void> {
    const { kafka, groupId, topics } = this.options;
    this.dlqProducer = kafka.producer({
      allowAutoTopicCreation: false,
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await this.dlqProducer.connect();
    this.consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3000,
      rebalanceTimeout: 60_000,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: (payload) => this.handleMessage(payload),
    });
  }

  /** Stops consuming: the message in flight finishes, then the consumer leaves the group. */
  async close(): Promise<void> {
    this.closing = true;
    // stop() first: a heartbeat racing a bare disconnect() can reopen a broker connection and
    // keep the process alive.
    await this.consumer?.stop().catch(() => undefined);
    await this.consumer?.disconnect().catch(() => undefined);
    await this.dlqProducer?.disconnect().catch(() => undefined);
    this.consumer = undefined;
    this.dlqProducer = undefined;
  }

  /** Nest offers every `@EventPattern` handler to every server: keep only this group's. */
  override addHandler(
    pattern: unknown,
    callback: Parameters<Server['addHandler']>[1],
    isEventHandler?: boolean,
    extras: Record<string, unknown> = {},
  ): void {
    if (extras.consumer !== this.options.consumer) return;
    super.addHandler(pattern, callback, isEventHandler, extras);
  }

  on(): never {
    throw new Error('EventConsumerServer does not support event listeners');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async handleMessage(payload: EachMessagePayload): Promise<void> {
    const { topic, partition, message } = payload;
    let envelope: EventEnvelope | undefined;
    let outcome: Outcome;
    try {
      envelope = fromKafkaMessage(topic, message.headers, message.value);
      const handler = this.getHandlerByPattern(envelope.type);
      if (!handler) {
        outcome = 'skipped';
      } else {
        const data = assertEventData(envelope.type, envelope.data);
        // With tracing on, the kafkajs instrumentation's `process <topic>` span (a child of the
        // producer's, named by the message's traceparent) is active here: the handler's queries and
        // the events it writes belong to it.
        const trace = activeTraceContext() ?? childTrace(parseTraceparent(envelope.traceparent));
        outcome = await runInContext({ requestId: envelope.id, trace }, () =>
          this.deliverWithRetries(payload, envelope!, data, handler),
        );
      }
    } catch (error) {
      if (!(error instanceof ContractViolationError)) throw error; // kafkajs retries this message
      const violation = error as ContractViolationError;
      this.log.warn(
        { topic, partition, offset: message.offset, reason: violation.message },
        'contract violation',
      );
      await this.deadLetter(payload, violation, 1);
      outcome = 'dead_lettered';
    }
    eventsConsumed.inc({ topic, type: envelope?.type ?? 'unknown', outcome });
    await this.consumer?.commitOffsets([
      { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
    ]);
  }

  private async deliverWithRetries(
    payload: EachMessagePayload,
    envelope: EventEnvelope,
    data: unknown,
    handler: NonNullable<ReturnType<Server['getHandlerByPattern']>>,
  ): Promise<Outcome> {
    const { maxAttempts, retryBackoffMs, dataSource, groupId } = this.options;
    // `failures` counts what the message may be to blame for; an unreachable database is not.
    for (let attempt = 1, failures = 0; ; attempt++) {
      const delivery: DeliveryInfo = {
        topic: payload.topic,
        partition: payload.partition,
        offset: payload.message.offset,
        attempt,
      };
      const committed: Array<() => void> = [];
      try {
        const outcome = await dataSource.transaction(async (manager) => {
          committed.length = 0;
          if (!(await recordInInbox(manager, groupId, envelope, delivery))) return 'duplicate';
          const result = await handler(data, new EventContext([envelope, manager, delivery, committed]));
          await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
          return 'processed';
        });
        for (const callback of committed) callback();
        return outcome;
      } catch (error) {
        const err = error as Error;
        const transient = isTransientError(error);
        if (!transient) failures++;
        if (this.closing) throw err; // not committed: redelivered after the restart
        if (failures >= maxAttempts) {
          this.log.error(
            {
              type: envelope.type,
              eventId: envelope.id,
              attempt,
              err: { message: err.message, name: err.name },
            },
            'handler failed; dead-lettering',
          );
          await this.deadLetter(payload, err, attempt);
          return 'dead_lettered';
        }
        eventHandlerRetries.inc({ topic: payload.topic, type: envelope.type });
        this.log.warn(
          { type: envelope.type, eventId: envelope.id, attempt, err: { message: err.message } },
          transient ? 'database unavailable; retrying until it is back' : 'handler failed; retrying',
        );
        await this.sleepWithHeartbeat(
          backoffDelay(attempt, { baseMs: retryBackoffMs, capMs: 30_000, jitter: 'full' }),
          payload.heartbeat,
        );
      }
    }
  }

  private async sleepWithHeartbeat(ms: number, heartbeat: () => Promise<void>): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until && !this.closing) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, until - Date.now())));
      await heartbeat().catch(() => undefined);
    }
  }

  /** Republishes the original message, key and headers unchanged, plus why it failed. */
  private async deadLetter(payload: EachMessagePayload, error: Error, attempts: number): Promise<void> {
    const { topic, partition, message } = payload;
    const headers: IHeaders = {
      ...message.headers,
      'dlq-original-topic': topic,
      'dlq-original-partition': String(partition),
      'dlq-original-offset': message.offset,
      'dlq-consumer-group': this.options.groupId,
      'dlq-attempts': String(attempts),
      'dlq-error-class': error.name,
      'dlq-error-message': String(error.message).slice(0, 2000),
      'dlq-failed-at': new Date().toISOString(),
    };
    if (!this.dlqProducer) throw new Error('consumer is not started');
    await this.dlqProducer.send({
      topic: dlqTopicOf(topic),
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    });
  }
}
