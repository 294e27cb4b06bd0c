import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Client, type ClientConfig } from 'pg';
import { DataSource } from 'typeorm';
import { AfterCommitListener, PeriodicTask, SystemClock, type Clock } from '@referral/platform-database';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import {
  failSpan,
  outboxPublished,
  outboxPublishFailures,
  SpanKind,
  startSpanFromTraceparent,
  traceparentOf,
} from '@referral/platform-observability';
import { KAFKA, KAFKA_OPTIONS, type KafkaPlatformOptions } from '../kafka-options';
import { OUTBOX_PENDING } from './outbox';

interface OutboxRow {
  seq: string;
  id: string;
  topic: string;
  key: string;
  headers: Record<string, string>;
  payload: unknown;
}

const BATCH_SIZE = 500;
const PURGE_EVERY_MS = 5 * 60_000;
const PURGE_BATCH = 1000;
const HOUR_MS = 3_600_000;

/** A drain that found the lease row locked by another instance. */
const LEASE_BUSY = -1;

/**
 * Publishes committed outbox rows to Kafka with an idempotent producer (acks=all), then marks them
 * published. Several instances may run: one drains at a time, holding the lease row with
 * FOR UPDATE SKIP LOCKED, so an aggregate's events keep their order. A crash between publish and
 * mark publishes a row again: consumers' inboxes make that harmless.
 *
 * Wake-ups:
 * - in-process, right after a transaction of this process that added an event commits (a TypeORM
 *   `afterTransactionCommit` subscriber on the DataSource; `Outbox.add` marks the transaction), so
 *   writers never NOTIFY;
 * - across instances only when needed: woken by a local commit but the lease is held elsewhere, the
 *   relay sends one NOTIFY (autocommit, outside any writer's transaction) that wakes the holder,
 *   which drains once more after its round. Notifications an instance sent itself are ignored;
 * - a poll every OUTBOX_POLL_INTERVAL_MS as the fallback (and, while Kafka is unreachable, a retry).
 * All three are one PeriodicTask: a wake during a round drains again after it.
 *
 * One round is one transaction: lease, read a batch (up to 500, oldest first), publish it, mark the
 * whole batch in one UPDATE, commit; a full batch is followed by another round at once. The lease
 * alone serialises relays, so the rows are not locked. Published rows past the retention are purged
 * every five minutes (a PeriodicTask of its own).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private producer?: Producer;
  private producerConnected = false;
  private listener?: Client;
  private readonly task: PeriodicTask;
  private readonly purgeTask: PeriodicTask;
  /** Rows published so far (what a `wake()` reports is the difference). */
  private published = 0;
  /** A local commit asked for a drain that has not started yet. */
  private localWake = false;
  /** Payload of this instance's NOTIFYs, so that its own listener ignores them. */
  private readonly instance = randomUUID();
  /** Wakes the relay after the outermost commit of a transaction that added events (Outbox.add marks it). */
  private readonly committed: AfterCommitListener;
  private stopped = true;
  private readonly log;
  private readonly clock: Clock;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_OPTIONS) private readonly options: KafkaPlatformOptions,
    private readonly dataSource: DataSource,
  ) {
    this.log = options.logger.child({ component: 'outbox-relay' });
    this.clock = options.clock ?? new SystemClock();
    this.task = new PeriodicTask(
      () => this.round(),
      (error) => {
        outboxPublishFailures.inc();
        this.log.warn({ err: { message: error.message } }, 'outbox publish failed; will retry');
      },
    );
    this.purgeTask = new PeriodicTask(
      async () => (await this.purgePublished(), false),
      (error) => this.log.warn({ err: { message: error.message } }, 'outbox purge failed'),
    );
    this.committed = new AfterCommitListener(dataSource, OUTBOX_PENDING, () => {
      if (this.stopped) return;
      this.localWake = true;
      void this.task.wake();
    });
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.producer = this.newProducer();
    this.committed.start();
    void this.listen();
    this.task.start(this.options.outboxPollIntervalMs);
    this.purgeTask.start(PURGE_EVERY_MS);
    void this.wake();
  }

  /** Stops listening and polling, then publishes what is committed (flush), bounded by the caller. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.committed.stop();
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await Promise.all([this.task.stop(), this.purgeTask.stop()]);
    await this.flush().catch((error) =>
      this.log.warn({ err: error }, 'final outbox flush failed; rows stay for the next start'),
    );
    await this.producer?.disconnect().catch(() => undefined);
    this.producerConnected = false;
  }

  /**
   * Wakes the relay; resolves once everything committed before the call has been attempted, with how
   * many rows were published meanwhile.
   */
  async wake(): Promise<number> {
    const before = this.published;
    await this.task.wake();
    return this.published - before;
  }

  /** Whether a drain is running (or about to, after a wake). */
  get isDraining(): boolean {
    return this.task.isRunning;
  }

  /** One batch; true when it was full (drain again at once). */
  private async round(): Promise<boolean> {
    const local = this.localWake;
    this.localWake = false;
    const published = await this.drain();
    if (published === LEASE_BUSY) {
      // Our writer's event waits behind another instance's round: tell that instance to drain
      // once more (the poll would otherwise be the only thing to pick it up).
      if (local && !this.stopped) await this.notifyLeaseHolder();
      return false;
    }
    this.published += published;
    // The rounds that follow a full batch still answer for a local commit that woke the first.
    if (published === BATCH_SIZE) this.localWake ||= local;
    return published === BATCH_SIZE;
  }

  /** Drains until a batch is not full (or the lease is held elsewhere): what is committed goes out. */
  private async flush(): Promise<void> {
    while ((await this.drain()) === BATCH_SIZE);
  }

  private async notifyLeaseHolder(): Promise<void> {
    await this.dataSource
      .query(`SELECT pg_notify('outbox', $1)`, [this.instance])
      .catch((error: Error) =>
        this.log.warn({ err: { message: error.message } }, 'outbox NOTIFY failed; the poll will publish'),
      );
  }

  /**
   * One batch: lease, read, publish, mark; all in one transaction. Returns how many were published,
   * or LEASE_BUSY when another instance holds the lease.
   */
  private async drain(): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let rows: OutboxRow[] = [];
    try {
      await runner.startTransaction();
      const lease = await runner.query(`SELECT id FROM outbox_relay_lease FOR UPDATE SKIP LOCKED`);
      if (!lease.length) {
        await runner.rollbackTransaction();
        return LEASE_BUSY; // another instance is draining
      }
      // No row locks: the lease serialises relays, and nothing else changes an unpublished row.
      rows = await runner.query(
        `SELECT seq, id, topic, key, headers, payload FROM outbox
          WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
        [BATCH_SIZE],
      );
      if (!rows.length) {
        await runner.rollbackTransaction();
        return 0;
      }
      await this.publish(rows);
      await runner.query(`UPDATE outbox SET published_at = now() WHERE seq = ANY($1::bigint[])`, [
        rows.map((r) => r.seq),
      ]);
      await runner.commitTransaction();
      for (const row of rows) outboxPublished.inc({ topic: row.topic });
      return rows.length;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      if (rows.length) {
        await this.dataSource
          .query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE seq = ANY($1::bigint[])`, [
            rows.map((r) => r.seq),
            String((error as Error).message).slice(0, 1000),
          ])
          .catch(() => undefined);
      }
      throw error;
    } finally {
      await runner.release();
    }
  }

  private newProducer(): Producer {
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
    });
    producer.on('producer.disconnect', () => {
      if (this.producer === producer) this.producerConnected = false;
    });
    return producer;
  }

  private async publish(rows: OutboxRow[]): Promise<void> {
    if (!this.producer) throw new Error('outbox relay is not started');
    // The same producer across outages: kafkajs reconnects it, and it keeps its producer id, so the
    // broker still de-duplicates a batch retried after a lost acknowledgement.
    if (!this.producerConnected) {
      await this.producer.connect();
      this.producerConnected = true;
    }
    await this.send(this.producer, rows);
  }

  /**
   * Tracing: each row's `send <topic>` producer span continues the trace of the work that wrote the
   * row (its stored `traceparent`), not the relay's, and the message carries that span as its
   * `traceparent`, so the consumer's span is its child. The kafkajs instrumentation would take every
   * message's parent from the context active at the batch send (the relay's own, one for all rows):
   * it is suppressed for this send, which also keeps it from overwriting the header.
   */
  private async send(producer: Producer, rows: OutboxRow[]): Promise<void> {
    const spans = rows.map((row) =>
      startSpanFromTraceparent(row.headers.traceparent, `send ${row.topic}`, SpanKind.PRODUCER, {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'send',
        'messaging.destination.name': row.topic,
        'messaging.kafka.message.key': row.key,
        'messaging.message.id': row.id,
        'cloudevents.event_id': row.id,
        'cloudevents.event_type': row.headers.ce_type ?? '',
      }),
    );
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    rows.forEach((row, i) => {
      const traceparent = traceparentOf(spans[i]) || row.headers.traceparent;
      const message = {
        key: row.key,
        value: JSON.stringify(row.payload),
        headers: traceparent ? { ...row.headers, traceparent } : row.headers,
      };
      byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), message]);
    });
    try {
      await context.with(suppressTracing(context.active()), () =>
        producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        }),
      );
    } catch (error) {
      for (const span of spans) failSpan(span, error);
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
  }

  /** Deletes published rows past the retention, a bounded batch at a time. Returns how many. */
  async purgePublished(): Promise<number> {
    const hours = this.options.outboxRetentionHours ?? 72;
    let total = 0;
    for (;;) {
      const [, deleted] = (await this.dataSource.query(
        `DELETE FROM outbox WHERE seq IN (
           SELECT seq FROM outbox
            WHERE published_at IS NOT NULL AND published_at < $1
            LIMIT $2)`,
        [new Date(this.clock.now().getTime() - hours * HOUR_MS), PURGE_BATCH],
      )) as [unknown, number];
      total += deleted;
      if (deleted < PURGE_BATCH) return total;
    }
  }

  /** A dedicated connection LISTENs; if it drops, polling covers until it is back. */
  private async listen(): Promise<void> {
    if (this.stopped) return;
    const { url, ssl } = this.dataSource.options as { url?: string; ssl?: ClientConfig['ssl'] };
    const client = new Client({
      connectionString: url,
      ssl,
      application_name: `${this.options.service}-outbox-listener`,
    });
    client.on('notification', (message) => {
      if (message.payload !== this.instance) void this.task.wake();
    });
    client.on('error', () => undefined);
    client.on('end', () => {
      if (this.listener === client) {
        this.listener = undefined;
        setTimeout(() => void this.listen(), 2000).unref();
      }
    });
    try {
      await client.connect();
      await client.query('LISTEN outbox');
      if (this.stopped) {
        await client.end();
        return;
      }
      this.listener = client;
    } catch (error) {
      this.log.warn(
        { err: { message: (error as Error).message } },
        'outbox LISTEN failed; polling only, retrying',
      );
      await client.end().catch(() => undefined);
      setTimeout(() => void this.listen(), 2000).unref();
    }
  }
}
