import { authHeader, providerMessageId, renderSmsBody } from './http-sms-request';
import { DeliveryError, type OutgoingSms, type ProviderReceipt, type SmsProvider } from './message-provider';

export interface HttpSmsOptions {
  url: string;
  /** SMS_HTTP_AUTH_HEADER: a secret, never logged nor put into an error. */
  authHeader?: string;
  bodyTemplate: string;
  from: string;
  messageIdField: string;
  timeoutMs: number;
}

/**
 * A generic HTTP SMS gateway: one JSON POST per message, the body from SMS_HTTP_BODY_TEMPLATE. A 2xx
 * answer is accepted (its JSON may carry the gateway's message id); anything else, a timeout or an
 * unreachable gateway is a DeliveryError that names only the status or the kind of failure (a 4xx
 * other than 408, 425 and 429 is permanent: not retried).
 */
export class HttpSmsProvider implements SmsProvider {
  readonly name = 'http';

  constructor(private readonly options: HttpSmsOptions) {}

  async send(sms: OutgoingSms): Promise<ProviderReceipt> {
    const { url, bodyTemplate, from, timeoutMs, messageIdField } = this.options;
    let answer: string;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          accept: 'application/json',
          ...authHeader(this.options.authHeader),
        },
        body: renderSmsBody(bodyTemplate, { to: sms.to, text: sms.text, from }),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      if (!response.ok) {
        await response.body?.cancel();
        // 4xx but 408 (timeout), 425 and 429 (too many): this message is refused, now and later.
        const permanent = response.status < 500 && ![408, 425, 429].includes(response.status);
        throw new DeliveryError(`SMS gateway answered ${response.status}`, permanent);
      }
      answer = await response.text();
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      const { name, cause } = error as Error & { cause?: { code?: string } };
      if (name === 'TimeoutError')
        throw new DeliveryError(`SMS gateway did not answer within ${timeoutMs} ms`);
      // Only the kind of failure: the URL may hold a key in its query.
      throw new DeliveryError(`SMS gateway unreachable (${cause?.code ?? name})`);
    }
    return { providerMessageId: providerMessageId(answer, messageIdField) };
  }
}
