import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  MessageDeliveryFailedData,
  OutboundMessageChannel,
  ReferralPriority,
} from '@referral/contracts';
import { PeriodicTask } from '@referral/platform-database';
import { SERVICE_ENV } from '@referral/platform-http';
import { Outbox } from '@referral/platform-kafka';
import type { NotificationsEnv } from '../config';
import { ContactDirectory, ContactsUnavailable } from '../contacts/contact-directory';
import { MessageSender } from '../messaging/message-sender';
import type { MessageEventType } from '../messaging/templates';

interface DueDispatch {
  id: string;
  sourceEventId: string;
  eventType: MessageEventType;
  referralId: string;
  practitionerId: string;
  channel: OutboundMessageChannel;
  priority: ReferralPriority;
  specialtyCode: string;
  attempts: number;
  language: string | null;
}

export interface DispatchRun {
  sent: number;
  skipped: number;
  failed: number;
  /** Put back for later: the directory could not be asked. */
  deferred: number;
  /** Put back for later: the provider failed, and the message is retried after a wait. */
  retrying: number;
}

/** The longest wait between two attempts of a message the provider failed. */
const MAX_RETRY_WAIT_MS = 15 * 60_000;

/** Languages the templates are written in; a practitioner's first of these is theirs. */
const TEMPLATE_LANGUAGES = ['ur', 'en'];

/**
 * Sends the SMS and email the rules scheduled (`notification_dispatch`), on every instance: each due
 * dispatch is locked (`FOR UPDATE SKIP LOCKED`) in a transaction of its own while its recipient's
 * contact details are read from the directory and MessageSender sends it; the outcome (sent, skipped,
 * failed) is recorded in the same transaction. MessageSender is idempotent per event, channel and
 * recipient, so a crash after the provider answered and before this commit resends nothing. When the
 * directory cannot be asked, the dispatch waits (doubling from 5 s, at most an hour) and is failed
 * after DISPATCH_MAX_ATTEMPTS. When the provider fails (5xx, timeout, unreachable, SMTP 4xx), the
 * dispatch waits (MESSAGE_RETRY_INITIAL_SECONDS, doubling, at most 15 minutes) and MessageSender
 * tries the same message again, for MESSAGE_RETRY_MAX_MINUTES from its first attempt; a message that
 * is still not delivered then, or that the provider refused for good, is failed with a
 * `message.delivery_failed` event (in the dispatch's transaction, through the outbox). A crash during
 * an attempt (after MessageSender recorded or took it, before this transaction commits) leaves the
 * dispatch due and the message `pending`: the next round waits until the attempt's lease is over
 * (attemptLeaseMs), then the message is failed (`interrupted`, not repeated: it may have gone out)
 * with the same event. A `pending` message never makes its dispatch `sent`.
 */
@Injectable()
export class DispatchWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DispatchWorker.name);
  /** Rounds follow each other while each finds a full batch, then wait for the next interval. */
  private readonly task = new PeriodicTask(
    async () => {
      const run = await this.runOnce();
      // Put-back dispatches (the directory away) are no progress: wait for the next interval.
      return run.sent + run.skipped + run.failed >= this.env.DISPATCH_BATCH_SIZE;
    },
    (error) => this.logger.error(`dispatch failed: ${error.message}`),
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly contacts: ContactDirectory,
    private readonly sender: MessageSender,
    private readonly outbox: Outbox,
    @Inject(SERVICE_ENV) private readonly env: NotificationsEnv,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(this.env.DISPATCH_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /**
   * Sends what is due at `now`, up to DISPATCH_BATCH_SIZE dispatches, DISPATCH_CONCURRENCY at a time
   * (each in a transaction of its own).
   */
  async runOnce(now = new Date()): Promise<DispatchRun> {
    const run: DispatchRun = { sent: 0, skipped: 0, failed: 0, deferred: 0, retrying: 0 };
    let budget = this.env.DISPATCH_BATCH_SIZE;
    const lane = async () => {
      while (budget > 0 && !this.task.isStopped) {
        budget--;
        const outcome = await this.dataSource.transaction((manager) => this.sendNext(manager, now));
        if (!outcome) return;
        run[outcome]++;
      }
    };
    await Promise.all(Array.from({ length: this.env.DISPATCH_CONCURRENCY }, lane));
    return run;
  }

  private async sendNext(manager: EntityManager, now: Date): Promise<keyof DispatchRun | null> {
    const [due]: DueDispatch[] = await manager.query(
      `SELECT d.id, d.source_event_id AS "sourceEventId", d.event_type AS "eventType",
              d.referral_id AS "referralId", d.practitioner_id AS "practitionerId", d.channel, d.priority,
              d.specialty_code AS "specialtyCode", d.attempts, p.language
         FROM notification_dispatch d
         LEFT JOIN notification_preference p ON p.practitioner_id = d.practitioner_id
        WHERE d.status = 'pending' AND d.not_before <= $1
        ORDER BY d.not_before, d.id
        LIMIT 1
        FOR UPDATE OF d SKIP LOCKED`,
      [now],
    );
    if (!due) return null;
    try {
      const contact = await this.contacts.contactOf(due.practitionerId);
      if (!contact) {
        await this.finish(manager, due.id, 'skipped', 'the directory does not know the practitioner');
        return 'skipped';
      }
      const outcome = await this.sender.send(
        {
          channel: due.channel,
          to: {
            phone: contact.phone,
            email: contact.email,
            language: due.language ?? contact.languages.find((l) => TEMPLATE_LANGUAGES.includes(l)) ?? 'en',
            practitionerId: due.practitionerId,
          },
          eventType: due.eventType,
          referralId: due.referralId,
          priority: due.priority,
          specialtyCode: due.specialtyCode,
          sourceEventId: due.sourceEventId,
        },
        {
          retryForMs: this.env.MESSAGE_RETRY_MAX_MINUTES * 60_000,
          now,
          attemptLeaseMs: this.attemptLeaseMs(due.channel),
        },
      );
      if (outcome.status === 'pending' && !outcome.retry) {
        // An attempt of the message is (or may still be) under way: asked again once its lease is over.
        const next = outcome.inFlightUntil ?? new Date(now.getTime() + this.attemptLeaseMs(due.channel));
        await manager.query(
          `UPDATE notification_dispatch SET not_before = $2, last_error = $3, updated_at = now() WHERE id = $1`,
          [due.id, next, 'an attempt of the message is under way'],
        );
        return 'retrying';
      }
      if (outcome.retry) {
        const { attempts, error, until } = outcome.retry;
        const wait = Math.min(
          MAX_RETRY_WAIT_MS,
          this.env.MESSAGE_RETRY_INITIAL_SECONDS * 1000 * 2 ** (attempts - 1),
        );
        // The last attempt at the end of the retry time, not after it.
        const next = new Date(Math.min(now.getTime() + wait, until.getTime()));
        await manager.query(
          `UPDATE notification_dispatch SET not_before = $2, last_error = $3, updated_at = now() WHERE id = $1`,
          [due.id, next, error],
        );
        return 'retrying';
      }
      if (outcome.failure) {
        await this.outbox.add<MessageDeliveryFailedData>(manager, {
          type: 'message.delivery_failed',
          subject: outcome.messageId,
          data: {
            messageId: outcome.messageId,
            channel: due.channel,
            recipientPractitionerId: due.practitionerId,
            referralId: due.referralId,
            sourceEventId: due.sourceEventId,
            sourceEventType: due.eventType,
            provider: outcome.failure.provider,
            attempts: outcome.failure.attempts,
            reason: outcome.failure.interrupted
              ? 'interrupted'
              : outcome.failure.permanent
                ? 'rejected'
                : 'retries-exhausted',
            occurredAt: now.toISOString(),
          },
        });
      }
      const status = outcome.status as 'sent' | 'skipped' | 'failed';
      await this.finish(manager, due.id, status, outcome.failure?.error ?? outcome.skipReason ?? null);
      return status;
    } catch (error) {
      if (!(error instanceof ContactsUnavailable)) throw error;
      const attempts = due.attempts + 1;
      if (attempts >= this.env.DISPATCH_MAX_ATTEMPTS) {
        await this.finish(manager, due.id, 'failed', error.message, attempts);
        return 'failed';
      }
      const wait = Math.min(3600_000, 5000 * 2 ** (attempts - 1));
      await manager.query(
        `UPDATE notification_dispatch SET attempts = $2, not_before = $3, last_error = $4, updated_at = now()
          WHERE id = $1`,
        [due.id, attempts, new Date(now.getTime() + wait), error.message],
      );
      return 'deferred';
    }
  }

  /**
   * How long an attempt may take before a message still `pending` (no retry pending) counts as cut
   * short by a crash: three times the provider's timeout (SMTP: connection, greeting, socket), plus a
   * minute.
   */
  private attemptLeaseMs(channel: OutboundMessageChannel): number {
    return 3 * (channel === 'sms' ? this.env.SMS_HTTP_TIMEOUT_MS : this.env.SMTP_TIMEOUT_MS) + 60_000;
  }

  private async finish(
    manager: EntityManager,
    id: string,
    status: 'sent' | 'skipped' | 'failed',
    note: string | null,
    attempts?: number,
  ): Promise<void> {
    await manager.query(
      `UPDATE notification_dispatch
          SET status = $2, last_error = $3, attempts = coalesce($4, attempts + 1), updated_at = now()
        WHERE id = $1`,
      [id, status, note, attempts ?? null],
    );
  }
}
