/** An SMS handed to a provider. `id` is the message's id in `outbound_message`. */
export interface OutgoingSms {
  id: string;
  /** E.164 phone number. */
  to: string;
  text: string;
}

export interface OutgoingEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
}

/** What a provider says about a message it accepted. */
export interface ProviderReceipt {
  /** The provider's own id for the message, when it gives one. */
  providerMessageId: string | null;
}

export interface SmsProvider {
  /** Recorded with each message: `sink`, `http`. */
  readonly name: string;
  /** Resolves when the provider accepted the message; rejects with a DeliveryError otherwise. */
  send(sms: OutgoingSms): Promise<ProviderReceipt>;
}

export interface EmailProvider {
  /** Recorded with each message: `sink`, `smtp`. */
  readonly name: string;
  send(email: OutgoingEmail): Promise<ProviderReceipt>;
}

export const SMS_PROVIDER = Symbol('SMS_PROVIDER');
export const EMAIL_PROVIDER = Symbol('EMAIL_PROVIDER');

/**
 * The provider did not take the message. The message is safe to store and log: it never holds the
 * credentials, the gateway URL, the recipient or the text. `permanent`: the provider refused this
 * message for good (e.g. HTTP 400, SMTP 550), so trying again would not help; otherwise (a 5xx, a
 * timeout, an unreachable server, SMTP 4xx) it may be retried.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
