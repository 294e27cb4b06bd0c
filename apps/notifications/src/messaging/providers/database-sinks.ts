import type {
  EmailProvider,
  OutgoingEmail,
  OutgoingSms,
  ProviderReceipt,
  SmsProvider,
} from './message-provider';

/**
 * Development sinks: nothing leaves the service. The message sender records every message in
 * `outbound_message` before it hands it to a provider, so with a sink that row is the delivered
 * message, readable through `GET /v1/admin/outbound-messages`; the sink accepts it at once and names
 * it `sink:<id>`.
 */
export class DatabaseSmsSink implements SmsProvider {
  readonly name = 'sink';

  async send(sms: OutgoingSms): Promise<ProviderReceipt> {
    return { providerMessageId: `sink:${sms.id}` };
  }
}

export class DatabaseEmailSink implements EmailProvider {
  readonly name = 'sink';

  async send(email: OutgoingEmail): Promise<ProviderReceipt> {
    return { providerMessageId: `sink:${email.id}` };
  }
}
