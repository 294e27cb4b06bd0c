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
import { backoffDelay, Clock, PeriodicTask, type Backoff } from '@referral/platform-database';
import { SERVICE_ENV } from '@referral/platform-http';
import { Outbox } from '@referral/platform-kafka';
import type { NotificationsEnv } from '../config';
import { ContactDirectory, ContactsUnavailable, type Contact } from '../contacts/contact-directory';
import { MessageSender, type SendMessageOutcome } from '../messaging/message-sender';
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
  traceparent: string | null;
}

/** A dispatch's new state, recorded with the others of its batch in one statement. */
interface DispatchUpdate {
  id: string;
  status?: 'sent' | 'skipped' | 'failed';
  not_before?: string;
  last_error: string | null;
  /** Set to this; else counted up by one with `bump`, or kept. */
  attempts?: number;
  bump?: boolean;
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

/**
 * While the directory cannot be asked. No jitter here nor for provider retries: the dispatches that
 * wait are taken again in batches (one directory request each), and MESSAGE_RETRY_INITIAL_SECONDS is
 * a floor the configuration promises.
 */
const DIRECTORY_BACKOFF: Backoff = { baseMs: 5000, capMs: 3_600_000, jitter: 'none' };

/** Languages the templates are written in; a practitioner's first of these is theirs. */
const TEMPLATE_LANGUAGES = ['ur', 'en'];

/**
 * Sends the SMS and email the rules scheduled (`notification_dispatch`), on every instance: a batch of
 * due dispatches is locked (`FOR UPDATE SKIP LOCKED`) in one transaction while their recipients'
 * contact details are read from the directory and MessageSender sends them (sendMany); the outcomes
 * (sent, skipped, failed) are recorded in the same transaction, in one statement. MessageSender is idempotent per event, channel and
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
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(this.env.DISPATCH_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /**
   * Sends what is due at `now`, up to DISPATCH_BATCH_SIZE dispatches, in one transaction: the batch is
   * locked in one statement (`FOR UPDATE SKIP LOCKED`: other instances take other dispatches), the
   * contact details read and the messages sent DISPATCH_CONCURRENCY at a time (MessageSender records
   * the new messages in one commit before sending and their outcomes in one after), and every
   * dispatch's outcome is recorded in one statement, with the `message.delivery_failed` events, when
   * the transaction commits. A crash before that leaves the whole batch due, and MessageSender's log
   * keeps it from being sent again.
   */
  async runOnce(now = this.clock.now()): Promise<DispatchRun> {
    const run: DispatchRun = { sent: 0, skipped: 0, failed: 0, deferred: 0, retrying: 0 };
    if (this.task.isStopped) return run;
    await this.dataSource.transaction(async (manager) => {
      const due: DueDispatch[] = await manager.query(
        `SELECT d.id, d.source_event_id AS "sourceEventId", d.event_type AS "eventType",
                d.referral_id AS "referralId", d.practitioner_id AS "practitionerId", d.channel, d.priority,
                d.specialty_code AS "specialtyCode", d.attempts, p.language, d.traceparent
           FROM notification_dispatch d
           LEFT JOIN notification_preference p ON p.practitioner_id = d.practitioner_id
          WHERE d.status = 'pending' AND d.not_before <= $1
          ORDER BY d.not_before, d.id
          LIMIT $2
          FOR UPDATE OF d SKIP LOCKED`,
        [now, this.env.DISPATCH_BATCH_SIZE],
      );
      if (due.length === 0) return;
      const updates: DispatchUpdate[] = [];
      const contacts = await this.contactsOf(due);
      const sendable: { dispatch: DueDispatch; contact: Contact }[] = [];
      due.forEach((dispatch, i) => {
        const contact = contacts[i];
        if (contact instanceof ContactsUnavailable) {
          const attempts = dispatch.attempts + 1;
          if (attempts >= this.env.DISPATCH_MAX_ATTEMPTS) {
            updates.push({ id: dispatch.id, status: 'failed', last_error: contact.message, attempts });
            run.failed++;
          } else {
            const wait = backoffDelay(attempts, DIRECTORY_BACKOFF);
            updates.push({
              id: dispatch.id,
              attempts,
              not_before: new Date(now.getTime() + wait).toISOString(),
              last_error: contact.message,
            });
            run.deferred++;
          }
        } else if (!contact) {
          updates.push({
            id: dispatch.id,
            status: 'skipped',
            last_error: 'the directory does not know the practitioner',
            bump: true,
          });
          run.skipped++;
        } else sendable.push({ dispatch, contact });
      });
      const outcomes = await this.sender.sendMany(
        sendable.map(({ dispatch: due, contact }) => ({
          request: {
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
          options: {
            retryForMs: this.env.MESSAGE_RETRY_MAX_MINUTES * 60_000,
            now,
            attemptLeaseMs: this.attemptLeaseMs(due.channel),
            traceparent: due.traceparent,
          },
        })),
        this.env.DISPATCH_CONCURRENCY,
      );
      for (const [i, outcome] of outcomes.entries()) {
        const due = sendable[i].dispatch;
        const kind = await this.outcomeOf(manager, due, outcome, now, updates);
        run[kind]++;
      }
      await manager.query(
        `UPDATE notification_dispatch d
            SET status = coalesce(u.status, d.status),
                not_before = coalesce(u.not_before, d.not_before),
                last_error = u.last_error,
                attempts = coalesce(u.attempts, d.attempts + CASE WHEN u.bump THEN 1 ELSE 0 END),
                updated_at = now()
           FROM jsonb_to_recordset($1::jsonb)
                AS u(id uuid, status text, not_before timestamptz, last_error text, attempts int, bump boolean)
          WHERE d.id = u.id`,
        [JSON.stringify(updates)],
      );
    });
    return run;
  }

  /** Each dispatch's contact details, DISPATCH_CONCURRENCY lookups at a time; the error when the directory cannot be asked. */
  private async contactsOf(due: DueDispatch[]): Promise<(Contact | null | ContactsUnavailable)[]> {
    const contacts: (Contact | null | ContactsUnavailable)[] = new Array(due.length);
    let next = 0;
    const lane = async () => {
      while (next < due.length) {
        const i = next++;
        try {
          contacts[i] = await this.contacts.contactOf(due[i].practitionerId);
        } catch (error) {
          if (!(error instanceof ContactsUnavailable)) throw error;
          contacts[i] = error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.env.DISPATCH_CONCURRENCY) }, lane));
    return contacts;
  }

  /** What MessageSender's outcome makes of the dispatch (its update, and the event of a failure). */
  private async outcomeOf(
    manager: EntityManager,
    due: DueDispatch,
    outcome: SendMessageOutcome,
    now: Date,
    updates: DispatchUpdate[],
  ): Promise<keyof DispatchRun> {
    if (outcome.status === 'pending' && !outcome.retry) {
      // An attempt of the message is (or may still be) under way: asked again once its lease is over.
      const next = outcome.inFlightUntil ?? new Date(now.getTime() + this.attemptLeaseMs(due.channel));
      updates.push({
        id: due.id,
        not_before: next.toISOString(),
        last_error: 'an attempt of the message is under way',
      });
      return 'retrying';
    }
    if (outcome.retry) {
      const { attempts, error, until } = outcome.retry;
      const wait = backoffDelay(attempts, {
        baseMs: this.env.MESSAGE_RETRY_INITIAL_SECONDS * 1000,
        capMs: MAX_RETRY_WAIT_MS,
        jitter: 'none',
      });
      // The last attempt at the end of the retry time, not after it.
      const next = new Date(Math.min(now.getTime() + wait, until.getTime()));
      updates.push({ id: due.id, not_before: next.toISOString(), last_error: error });
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
    updates.push({
      id: due.id,
      status,
      last_error: outcome.failure?.error ?? outcome.skipReason ?? null,
      bump: true,
    });
    return status;
  }

  /**
   * How long an attempt may take before a message still `pending` (no retry pending) counts as cut
   * short by a crash: three times the provider's timeout (SMTP: connection, greeting, socket), plus a
   * minute.
   */
  private attemptLeaseMs(channel: OutboundMessageChannel): number {
    return 3 * (channel === 'sms' ? this.env.SMS_HTTP_TIMEOUT_MS : this.env.SMTP_TIMEOUT_MS) + 60_000;
  }
}
