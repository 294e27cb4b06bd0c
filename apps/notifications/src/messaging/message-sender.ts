import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { OutboundMessageChannel, OutboundMessageStatus, ReferralPriority } from '@referral/contracts';
import { Clock } from '@referral/platform-database';
import { LOGGER } from '@referral/platform-http';
import { MessageRenderer, primaryLanguage, SmsTooLongError } from './message-renderer';
import type { OutboundMessageEntity, SkipReason } from './outbound-message.entity';
import {
  OutboundMessageRepository,
  type AttemptOutcome,
  type NewOutboundMessage,
} from './outbound-message.repository';
import {
  DeliveryError,
  EMAIL_PROVIDER,
  SMS_PROVIDER,
  type EmailProvider,
  type SmsProvider,
} from './providers/message-provider';
import { emailAddress, smsAddress } from './recipient-address';
import type { MessageEventType } from './templates';
import { inSpanFromTraceparent, SpanKind } from '@referral/platform-observability';

/** One message to one person about one referral event. */
export interface SendMessageRequest {
  channel: OutboundMessageChannel;
  to: {
    /** Any Pakistani mobile form, or E.164; absent or empty: the SMS is skipped (`no-phone`). */
    phone?: string | null;
    email?: string | null;
    /** ISO 639 code (`ur`, `en`, `ur-PK`…); a language without templates gets English, as does ''. */
    language: string;
    /** Recorded with the message; also keeps the skipped messages of different people apart. */
    practitionerId?: string | null;
  };
  eventType: MessageEventType;
  referralId: string;
  priority: ReferralPriority;
  specialtyCode: string;
  /** The CloudEvents id of the event: one message per (event, channel, recipient), however often it comes. */
  sourceEventId: string;
}

export interface SendMessageOutcome {
  /** The message in `outbound_message` (the earlier one when `duplicate`). */
  messageId: string;
  status: OutboundMessageStatus;
  /** The event had already produced this message: nothing was sent now. */
  duplicate: boolean;
  skipReason?: SkipReason;
  /** With `retryForMs`: the attempt failed, and the message may be tried again until `until`. */
  retry?: { attempts: number; error: string; until: Date };
  /**
   * With `retryForMs`: the provider failed for good (refused, or no time left to retry), or an attempt
   * was cut short by a crash (`interrupted`: its outcome never recorded, and it is not repeated).
   */
  failure?: {
    attempts: number;
    error: string;
    permanent: boolean;
    provider: string;
    interrupted?: boolean;
  };
  /**
   * With `retryForMs`: an attempt of the message (another caller's, or one cut short by a crash) is
   * under way, or may be, until then: ask again then (this call sent nothing).
   */
  inFlightUntil?: Date;
}

/** How the provider's failures are handled (by default: a failure is final). */
export interface SendOptions {
  /**
   * A failed attempt leaves the message `pending` (the outcome's `retry`) while it is younger than
   * this, unless the provider refused it for good; sending the same request again retries it once.
   */
  retryForMs?: number;
  /** The clock of the retry decision (the worker's). */
  now?: Date;
  /**
   * With `retryForMs`: how long an attempt may take before a message still `pending` without a retry
   * pending counts as cut short by a crash (longer than the provider's timeout). Default 5 minutes.
   */
  attemptLeaseMs?: number;
  /** The trace the message continues (W3C traceparent: the dispatch's), when there is one. */
  traceparent?: string | null;
}

/** The `error` of a message whose attempt was cut short by a crash. */
export const INTERRUPTED_ERROR = 'attempt interrupted: its outcome was never recorded (not repeated)';

const DEFAULT_ATTEMPT_LEASE_MS = 5 * 60_000;

export const MESSAGE_RENDERER = Symbol('MESSAGE_RENDERER');

/**
 * Sends an SMS or an email about a referral event and keeps the send log (`outbound_message`).
 *
 * The message is recorded (`pending`) in its own transaction before the provider sees it, under a
 * unique (source event, channel, recipient): a redelivered event, or two deliveries at once, find the
 * row and send nothing. A crash between recording and the provider's answer leaves the row `pending`
 * and the message unsent rather than sent twice. Call it outside the event's inbox transaction (the
 * provider's round trip should not hold it open); what it records stays recorded if that transaction
 * later rolls back, which is what makes the redelivery a no-op.
 *
 * It never throws for a recipient or a provider problem: the outcome says `skipped` (no phone, no
 * email, malformed) or `failed` (provider refused, timed out, or the SMS would be too long).
 *
 * Retries (`retryForMs`, the dispatch worker's): a provider failure that is not permanent leaves the
 * message `pending` with `retry_pending` and its error, and the same request sent again later takes
 * that retry (once: `takeRetry`) and calls the provider again with the recorded text; when the time
 * is up, the failure is final. Each attempt records when it started (`attempt_started_at`). A crash
 * during an attempt leaves the message `pending` without a retry pending: the same request, once that
 * attempt is older than `attemptLeaseMs`, fails it for good (`interrupted`, at most once: it is never
 * repeated, since the provider may have sent it); before that, it answers `inFlightUntil`.
 */
@Injectable()
export class MessageSender {
  constructor(
    private readonly messages: OutboundMessageRepository,
    @Inject(MESSAGE_RENDERER) private readonly renderer: MessageRenderer,
    @Inject(SMS_PROVIDER) private readonly sms: SmsProvider,
    @Inject(EMAIL_PROVIDER) private readonly email: EmailProvider,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  async send(request: SendMessageRequest, options: SendOptions = {}): Promise<SendMessageOutcome> {
    const prepared = this.prepare(request, options);
    if (prepared.final) return this.record(prepared.message);
    const createdAt = await this.messages.recordOnce(prepared.message);
    if (createdAt) return this.attempt(prepared.message, createdAt, 0, options);
    return this.recordedBefore(prepared.message, options);
  }

  /**
   * `send` for several messages (the dispatch worker's batch), with the same guarantees and fewer
   * commits: the new messages are recorded in one statement before any provider sees them, the
   * provider calls follow (`concurrency` at a time), and their outcomes are recorded in one statement
   * after the last. A crash in between leaves those messages `pending` without a retry pending, as a
   * crash during one `send` does: never repeated, failed as `interrupted` once their lease is over.
   * Outcomes in the order of `items`.
   */
  async sendMany(
    items: { request: SendMessageRequest; options: SendOptions }[],
    concurrency = 4,
  ): Promise<SendMessageOutcome[]> {
    const prepared = items.map(({ request, options }) => this.prepare(request, options));
    const created = await this.messages.recordMany(prepared.map((p) => p.message));
    const outcomes: SendMessageOutcome[] = new Array(items.length);
    const writes: AttemptOutcome[] = [];
    let next = 0;
    const lane = async () => {
      while (next < items.length) {
        const i = next++;
        const { message, final } = prepared[i];
        const { options } = items[i];
        const createdAt = created.get(message.id);
        if (!createdAt) outcomes[i] = await this.recordedBefore(message, options, writes);
        else if (final) outcomes[i] = this.recorded(message);
        else outcomes[i] = await this.attempt(message, createdAt, 0, options, writes);
      }
    };
    const lanes = await Promise.allSettled(Array.from({ length: Math.max(1, concurrency) }, lane));
    // What was attempted is recorded even when another message of the batch threw.
    await this.messages.recordOutcomes(writes);
    const failed = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
    if (failed) throw failed.reason;
    return outcomes;
  }

  /**
   * The message to record for a request: `final` (skipped: no address; failed: too long) or to be
   * attempted (`pending`, rendered, its attempt starting now).
   */
  private prepare(
    request: SendMessageRequest,
    options: SendOptions,
  ): { message: NewOutboundMessage; final: boolean } {
    const { channel, to } = request;
    const provider = channel === 'sms' ? this.sms : this.email;
    const check = channel === 'sms' ? smsAddress(to.phone) : emailAddress(to.email);
    const address = 'address' in check ? check.address : null;
    const requestedLanguage = primaryLanguage(to.language) ?? 'en';
    const base: NewOutboundMessage = {
      id: randomUUID(),
      channel,
      recipient: address,
      recipientPractitionerId: to.practitionerId ?? null,
      recipientKey: address ?? (to.practitionerId ? `practitioner:${to.practitionerId}` : 'nobody'),
      language: requestedLanguage,
      requestedLanguage,
      template: request.eventType,
      referralId: request.referralId,
      subject: null,
      text: null,
      encoding: null,
      parts: null,
      provider: provider.name,
      status: 'pending',
      providerMessageId: null,
      error: null,
      skipReason: null,
      sourceEventId: request.sourceEventId,
      attemptStartedAt: null,
    };

    if ('skip' in check)
      return { message: { ...base, status: 'skipped', skipReason: check.skip }, final: true };
    try {
      return {
        message: { ...base, ...this.render(request), attemptStartedAt: options.now ?? this.clock.now() },
        final: false,
      };
    } catch (error) {
      if (!(error instanceof SmsTooLongError)) throw error;
      return { message: { ...base, status: 'failed', error: error.message }, final: true };
    }
  }

  /** A message its event already had (this call recorded nothing): its retry, or the earlier outcome. */
  private async recordedBefore(
    message: NewOutboundMessage,
    options: SendOptions,
    writes?: AttemptOutcome[],
  ): Promise<SendMessageOutcome> {
    if (options.retryForMs !== undefined && message.status === 'pending') {
      const earlier = await this.messages.findOnce(
        message.sourceEventId,
        message.channel,
        message.recipientKey,
      );
      if (earlier?.status === 'pending') return this.retryOrRecover(earlier, options, writes);
    }
    return this.earlier(message);
  }

  /**
   * A `pending` message asked for again: its retry when one is pending (the text recorded at the first
   * attempt, to the address it was for); else an attempt is under way — or was cut short by a crash,
   * once its lease is over: failed for good then (`interrupted`), never repeated.
   */
  private async retryOrRecover(
    earlier: OutboundMessageEntity,
    options: SendOptions,
    writes?: AttemptOutcome[],
  ): Promise<SendMessageOutcome> {
    const now = options.now ?? this.clock.now();
    const lease = options.attemptLeaseMs ?? DEFAULT_ATTEMPT_LEASE_MS;
    if (earlier.retryPending) {
      if (await this.messages.takeRetry(earlier.id, now))
        return this.attempt(earlier, earlier.createdAt, earlier.attempts, options, writes);
      // Another caller took it just now.
      return this.inFlight(earlier, new Date(now.getTime() + lease));
    }
    const leaseEnd = new Date((earlier.attemptStartedAt ?? earlier.createdAt).getTime() + lease);
    if (now < leaseEnd) return this.inFlight(earlier, leaseEnd);
    const attempts = await this.messages.markInterrupted(earlier.id, INTERRUPTED_ERROR);
    if (attempts === null) return this.earlier(earlier);
    this.log(earlier, 'failed', INTERRUPTED_ERROR, attempts);
    return {
      messageId: earlier.id,
      status: 'failed',
      duplicate: false,
      failure: {
        attempts,
        error: INTERRUPTED_ERROR,
        permanent: false,
        provider: earlier.provider,
        interrupted: true,
      },
    };
  }

  private inFlight(message: OutboundMessageEntity, until: Date): SendMessageOutcome {
    this.logger.info(
      { messageId: message.id, channel: message.channel, template: message.template },
      'an attempt of this message is under way: not sent again now',
    );
    return { messageId: message.id, status: 'pending', duplicate: true, inFlightUntil: until };
  }

  /**
   * One provider call for a recorded message, and its outcome recorded — at once, or with `writes`
   * added to them for the caller to record with others.
   */
  private async attempt(
    message: NewOutboundMessage,
    createdAt: Date,
    attemptsBefore: number,
    options: SendOptions,
    writes?: AttemptOutcome[],
  ): Promise<SendMessageOutcome> {
    const to = message.recipient as string;
    try {
      // A span of the trace that scheduled the message (`options.traceparent`); never the address.
      const receipt = await inSpanFromTraceparent(
        options.traceparent,
        `${message.channel} ${message.template}`,
        SpanKind.INTERNAL,
        {
          'message.id': message.id,
          'message.channel': message.channel,
          'message.template': message.template,
          'message.provider': message.provider,
        },
        () =>
          message.channel === 'sms'
            ? this.sms.send({ id: message.id, to, text: message.text as string })
            : this.email.send({
                id: message.id,
                to,
                subject: message.subject as string,
                text: message.text as string,
              }),
      );
      if (writes)
        writes.push({ id: message.id, status: 'sent', providerMessageId: receipt.providerMessageId });
      else await this.messages.markSent(message.id, receipt.providerMessageId);
      this.log(message, 'sent', null, attemptsBefore + 1);
      return { messageId: message.id, status: 'sent', duplicate: false };
    } catch (error) {
      const reason =
        error instanceof DeliveryError ? error.message : `provider error (${(error as Error).name})`;
      const permanent = error instanceof DeliveryError && error.permanent;
      const attempts = attemptsBefore + 1;
      if (options.retryForMs !== undefined && !permanent) {
        const until = new Date(createdAt.getTime() + options.retryForMs);
        if ((options.now ?? this.clock.now()) < until) {
          if (writes) writes.push({ id: message.id, status: 'pending', error: reason });
          else await this.messages.markRetry(message.id, reason);
          this.log(message, 'pending', reason, attempts);
          return {
            messageId: message.id,
            status: 'pending',
            duplicate: false,
            retry: { attempts, error: reason, until },
          };
        }
      }
      if (writes) writes.push({ id: message.id, status: 'failed', error: reason });
      else await this.messages.markFailed(message.id, reason);
      this.log(message, 'failed', reason, attempts);
      return {
        messageId: message.id,
        status: 'failed',
        duplicate: false,
        ...(options.retryForMs !== undefined && {
          failure: { attempts, error: reason, permanent, provider: message.provider },
        }),
      };
    }
  }

  private render(request: SendMessageRequest): Partial<NewOutboundMessage> {
    const facts = {
      referralId: request.referralId,
      priority: request.priority,
      specialtyCode: request.specialtyCode,
    };
    if (request.channel === 'sms') {
      const sms = this.renderer.renderSms(request.eventType, request.to.language, facts);
      return { language: sms.language, text: sms.text, encoding: sms.encoding, parts: sms.parts };
    }
    const email = this.renderer.renderEmail(request.eventType, request.to.language, facts);
    return { language: email.language, subject: email.subject, text: email.text };
  }

  /** Records the message once; when its event already has it, the earlier one is the outcome. */
  private async record(message: NewOutboundMessage): Promise<SendMessageOutcome> {
    if (await this.messages.recordOnce(message)) return this.recorded(message);
    return this.earlier(message);
  }

  /** The outcome of a message recorded final (skipped, or failed before any attempt). */
  private recorded(message: NewOutboundMessage): SendMessageOutcome {
    if (message.status !== 'pending') this.log(message, message.status, message.error ?? message.skipReason);
    return {
      messageId: message.id,
      status: message.status,
      duplicate: false,
      ...(message.skipReason && { skipReason: message.skipReason }),
    };
  }

  /** The message its event already has on this channel for this recipient, as the outcome. */
  private async earlier(message: NewOutboundMessage): Promise<SendMessageOutcome> {
    const earlier = (await this.messages.findOnce(
      message.sourceEventId,
      message.channel,
      message.recipientKey,
    )) as OutboundMessageEntity;
    this.logger.info(
      { messageId: earlier.id, channel: message.channel, template: message.template, status: earlier.status },
      'message already recorded for this event and recipient: not sent again',
    );
    return {
      messageId: earlier.id,
      status: earlier.status,
      duplicate: true,
      ...(earlier.skipReason && { skipReason: earlier.skipReason }),
    };
  }

  /** Ids, channel, template and status only: never the address or the text. */
  private log(
    message: NewOutboundMessage,
    status: OutboundMessageStatus,
    reason?: string | null,
    attempts?: number,
  ): void {
    const fields = {
      messageId: message.id,
      channel: message.channel,
      template: message.template,
      language: message.language,
      provider: message.provider,
      status,
      ...(message.parts !== null && { parts: message.parts }),
      ...(reason && { reason }),
      ...(attempts !== undefined && { attempts }),
    };
    if (status === 'failed') this.logger.warn(fields, 'outbound message failed');
    else if (status === 'pending') this.logger.warn(fields, 'outbound message attempt failed: to be retried');
    else this.logger.info(fields, `outbound message ${status}`);
  }
}
