import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  WebhookDeliveredData,
  WebhookDeliveryAttemptedData,
  WebhookDeliveryFailedData,
  WebhookEndpointDisabledData,
} from '@referral/contracts';
import {
  AfterCommitListener,
  backoffDelay,
  Clock,
  markForCommit,
  PeriodicTask,
  type Backoff,
} from '@referral/platform-database';
import { LOGGER, SERVICE_ENV } from '@referral/platform-http';
import { inSpanFromTraceparent, SpanKind } from '@referral/platform-observability';
import { Outbox } from '@referral/platform-kafka';
import { webhookRetryPolicy, type NotificationsEnv } from '../config';
import { nextRetryDelay, parseRetryAfter, type RetryPolicy } from './retry-schedule';
import { SecretCipher } from './secret-cipher';
import { signatureHeader } from './signature';
import { openHeaders } from './webhook-headers';
import { deliveredBody } from './webhook-payload';
import { WebhookSender, type SendOutcome } from './webhook-sender';
import { WebhookRepository, type AttemptResult, type ClaimedDelivery } from './webhook.repository';

/** How much longer than the request timeout a lease lasts: time to record the outcome. */
const LEASE_MARGIN_MS = 10_000;
/** The mark on a transaction that scheduled deliveries (`wakeAfterCommit`). */
const DELIVERIES_PENDING = 'webhookDeliveriesPending';
const RECORD_TRIES = 3;
/**
 * Between tries of recording an attempt: 200 then 400 ms (as before), ±20 % so that instances failing
 * together do not retry together. Not full jitter: a retry must ride out a short database blip, not come
 * at once, and the lease only lasts so long.
 */
const RECORD_BACKOFF: Backoff = { baseMs: 200, capMs: 2000, jitter: { spread: 0.2 } };

/** What an answer or its absence means for the attempt. */
export function judge(
  outcome: SendOutcome,
): Pick<AttemptResult, 'status' | 'responseStatus' | 'error'> & { gone: boolean } {
  if (outcome.kind === 'failed') {
    return { status: 'failed', responseStatus: null, error: outcome.error, gone: false };
  }
  const status = outcome.status;
  if (status >= 200 && status < 300)
    return { status: 'succeeded', responseStatus: status, error: null, gone: false };
  if (status === 410) return { status: 'failed', responseStatus: status, error: 'endpoint-gone', gone: true };
  const error = status >= 300 && status < 400 ? 'redirect-not-followed' : 'http-error';
  return { status: 'failed', responseStatus: status, error, gone: false };
}

/**
 * Sends due webhook deliveries (every instance runs one). Every `WEBHOOK_POLL_INTERVAL_MS`, after the
 * commit of a transaction that scheduled deliveries, and when a slot frees (one PeriodicTask: a wake
 * during a claim claims again after it), it leases as many due attempts as it has free slots
 * (`WEBHOOK_CONCURRENCY`), sends each, and records each
 * outcome in its own transaction as soon as it is known — with its events through the outbox, and a
 * retry as a new pending attempt (API.md schedule, jitter, `Retry-After`). A 2xx is final: a recorded
 * success is never sent again. 410 disables the endpoint.
 *
 * Durability: the state is in PostgreSQL. Should the process die after a receiver answered but before
 * the outcome was recorded, the lease expires and another instance sends that one attempt again (the
 * receiver deduplicates by `webhook-id`, the Standard Webhooks contract); nothing else repeats, and
 * nothing is lost. On a graceful stop the worker takes nothing new, lets what is in flight finish
 * (for at most half of SHUTDOWN_TIMEOUT_MS), then aborts the rest and gives their leases back.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly retry: RetryPolicy;
  private readonly leaseMs: number;
  private readonly inFlight = new Map<string, { done: Promise<void>; abort: AbortController }>();
  /**
   * Claims due attempts on the poll and on wakes; a wake during a claim claims again after it (the
   * claim's snapshot may predate the commit, its count of free slots the send that just ended).
   */
  private readonly task: PeriodicTask;
  /** Wakes the worker after the outermost commit of a transaction marked by `wakeAfterCommit`. */
  private readonly committed: AfterCommitListener;

  constructor(
    private readonly dataSource: DataSource,
    private readonly webhooks: WebhookRepository,
    private readonly sender: WebhookSender,
    private readonly cipher: SecretCipher,
    private readonly outbox: Outbox,
    @Inject(SERVICE_ENV) private readonly env: NotificationsEnv,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly clock: Clock,
  ) {
    this.retry = webhookRetryPolicy(env);
    this.task = new PeriodicTask(
      async () => (await this.claim(), false),
      (error) =>
        this.logger.warn(
          { err: { message: error.message } },
          'could not claim webhook deliveries; will retry',
        ),
    );
    this.committed = new AfterCommitListener(dataSource, DELIVERIES_PENDING, () => void this.task.wake());
    this.leaseMs = env.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS;
  }

  onApplicationBootstrap(): void {
    if (this.env.WEBHOOK_POLL_INTERVAL_MS === 0) return;
    this.committed.start();
    this.task.start(this.env.WEBHOOK_POLL_INTERVAL_MS);
  }

  /**
   * Marks `manager`'s transaction, which schedules deliveries: once it commits, this instance claims
   * them at once instead of at its next poll (issue 14: the poll put half a second on the median
   * delivery). Other instances still find them by polling.
   */
  wakeAfterCommit(manager: EntityManager): void {
    markForCommit(manager, DELIVERIES_PENDING);
  }

  async onModuleDestroy(): Promise<void> {
    this.committed.stop();
    await this.task.stop();
    const pending = [...this.inFlight.values()];
    if (pending.length === 0) return;
    const grace = Math.min(this.env.WEBHOOK_TIMEOUT_MS, this.env.SHUTDOWN_TIMEOUT_MS / 2);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(pending.map((p) => p.done)),
      new Promise((resolve) => (timer = setTimeout(resolve, grace))),
    ]);
    clearTimeout(timer);
    for (const { abort } of this.inFlight.values()) abort.abort();
    await Promise.all([...this.inFlight.values()].map((p) => p.done));
  }

  /**
   * Leases and sends what is due now (as many as there are free slots); resolves once all are recorded.
   * For a worker whose poll is off (`WEBHOOK_POLL_INTERVAL_MS` 0): beside the poll, claims could overlap.
   */
  async runOnce(): Promise<number> {
    const started = await this.claim().catch((error: Error) => {
      this.logger.warn({ err: { message: error.message } }, 'could not claim webhook deliveries; will retry');
      return [];
    });
    await Promise.all(started);
    return started.length;
  }

  /** How many attempts this instance is sending right now. */
  get busy(): number {
    return this.inFlight.size;
  }

  /** Leases due attempts for the free slots and starts sending them; the sends, one promise each. */
  private async claim(): Promise<Promise<void>[]> {
    const free = this.env.WEBHOOK_CONCURRENCY - this.inFlight.size;
    if (this.task.isStopped || free <= 0) return [];
    const claims = await this.webhooks.claimDue(free, this.leaseMs, this.clock.now());
    return claims.map((claim) => this.start(claim));
  }

  private start(claim: ClaimedDelivery): Promise<void> {
    const abort = new AbortController();
    const done = this.deliver(claim, abort.signal)
      .catch((error: Error) =>
        this.logger.error(
          { deliveryId: claim.id, err: { message: error.message } },
          'webhook delivery failed',
        ),
      )
      .finally(() => {
        this.inFlight.delete(claim.id);
        // A free slot: take the next due attempt now rather than at the next tick.
        void this.task.wake();
      });
    this.inFlight.set(claim.id, { done, abort });
    return done;
  }

  /**
   * One attempt, as a span of the trace that made the message (the consumed event's), so that a
   * referral's trace shows its webhooks: the HTTP call and the outcome's queries are its children.
   */
  private deliver(claim: ClaimedDelivery, signal: AbortSignal): Promise<void> {
    return inSpanFromTraceparent(
      claim.traceparent,
      `webhook ${claim.eventType}`,
      SpanKind.INTERNAL,
      {
        'webhook.id': claim.webhookId,
        'webhook.delivery_id': claim.id,
        'webhook.endpoint_id': claim.endpointId,
        'webhook.attempt': claim.attempt,
      },
      () => this.attempt(claim, signal),
    );
  }

  private async attempt(claim: ClaimedDelivery, signal: AbortSignal): Promise<void> {
    const attemptedAt = this.clock.now();
    const timestamp = Math.floor(attemptedAt.getTime() / 1000);
    const secrets = [claim.secretCiphertext, claim.previousSecretCiphertext]
      .filter((stored): stored is string => stored !== null)
      .map((stored) => this.cipher.decrypt(stored, claim.endpointId));
    // Signed over exactly what is sent: the empty body too, for a `payload: none` endpoint.
    const body = deliveredBody(claim.payload, claim.body);
    const outcome = await this.sender.send(
      {
        url: claim.url,
        headers: {
          // The endpoint's own first: names were refused that could clash with ours (webhook-*, …).
          ...openHeaders(this.cipher, claim.endpointId, claim.headersCiphertext),
          'webhook-id': claim.webhookId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signatureHeader(secrets, claim.webhookId, timestamp, body),
        },
        body,
      },
      signal,
    );
    if (outcome.kind === 'failed' && outcome.error === 'aborted') {
      await this.webhooks.releaseLease(claim);
      return;
    }
    const verdict = judge(outcome);
    const retryAfterMs =
      outcome.kind === 'answered' ? parseRetryAfter(outcome.retryAfter, this.clock.now()) : undefined;
    const retryInMs =
      verdict.status === 'succeeded' || verdict.gone
        ? null
        : nextRetryDelay(this.retry, claim.attempt, retryAfterMs);
    const result: AttemptResult = {
      status: verdict.status,
      attemptedAt,
      responseStatus: verdict.responseStatus,
      error: verdict.error,
      durationMs: outcome.durationMs,
      retryInMs,
    };
    this.logger.info(
      {
        deliveryId: claim.id,
        endpointId: claim.endpointId,
        webhookId: claim.webhookId,
        attempt: claim.attempt,
        status: result.status,
        responseStatus: result.responseStatus,
        error: outcome.kind === 'failed' ? outcome.detail : result.error,
        retryInMs,
      },
      'webhook attempt',
    );
    for (let tries = 1; ; tries++) {
      try {
        await this.record(claim, result, verdict.gone);
        return;
      } catch (error) {
        // The lease still covers us a while; past that, another instance makes this attempt again.
        if (tries >= RECORD_TRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, backoffDelay(tries, RECORD_BACKOFF)));
      }
    }
  }

  private async record(claim: ClaimedDelivery, result: AttemptResult, gone: boolean): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { recorded } = await this.webhooks.recordAttempt(manager, claim, result);
      if (!recorded) {
        this.logger.warn({ deliveryId: claim.id }, 'webhook attempt not recorded: its lease was lost');
        return;
      }
      const occurredAt = this.clock.now().toISOString();
      const common = {
        deliveryId: claim.id,
        endpointId: claim.endpointId,
        webhookId: claim.webhookId,
        eventType: claim.eventType,
      };
      await this.outbox.add<WebhookDeliveryAttemptedData>(manager, {
        type: 'webhook.delivery_attempted',
        subject: claim.endpointId,
        data: {
          ...common,
          attempt: claim.attempt,
          status: result.status,
          responseStatus: result.responseStatus,
          occurredAt,
        },
      });
      if (result.status === 'succeeded') {
        await this.outbox.add<WebhookDeliveredData>(manager, {
          type: 'webhook.delivered',
          subject: claim.endpointId,
          data: {
            ...common,
            organizationId: claim.organizationId,
            attempt: claim.attempt,
            responseStatus: result.responseStatus!,
            occurredAt,
          },
        });
        return;
      }
      if (gone && (await this.webhooks.disableGone(manager, claim.endpointId))) {
        await this.outbox.add<WebhookEndpointDisabledData>(manager, {
          type: 'webhook.endpoint_disabled',
          subject: claim.endpointId,
          data: {
            endpointId: claim.endpointId,
            organizationId: claim.organizationId,
            reason: 'gone',
            deliveryId: claim.id,
            occurredAt,
          },
        });
      }
      if (result.retryInMs === null) {
        await this.outbox.add<WebhookDeliveryFailedData>(manager, {
          type: 'webhook.delivery_failed',
          subject: claim.endpointId,
          data: {
            ...common,
            organizationId: claim.organizationId,
            attempts: claim.attempt,
            responseStatus: result.responseStatus,
            reason: gone ? 'endpoint-gone' : 'retries-exhausted',
            occurredAt,
          },
        });
      }
    });
  }
}
