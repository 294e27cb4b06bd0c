import type { OnApplicationShutdown } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import {
  DeliveryError,
  type EmailProvider,
  type OutgoingEmail,
  type ProviderReceipt,
} from './message-provider';

export interface SmtpEmailOptions {
  /** SMTP_URL, with credentials: a secret, never logged nor put into an error. */
  url: string;
  from: string;
  timeoutMs: number;
}

/** Email over SMTP (nodemailer): plain text, UTF-8 (Urdu subjects and bodies are encoded by nodemailer). */
export class SmtpEmailProvider implements EmailProvider, OnApplicationShutdown {
  readonly name = 'smtp';
  private readonly transport;

  constructor(private readonly options: SmtpEmailOptions) {
    this.transport = createTransport({
      url: options.url,
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
    });
  }

  async send(email: OutgoingEmail): Promise<ProviderReceipt> {
    try {
      const info = await this.transport.sendMail({
        from: this.options.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
      });
      return { providerMessageId: info.messageId ?? null };
    } catch (error) {
      const { code, responseCode } = error as { code?: string; responseCode?: number };
      // The code and SMTP status only: server answers may quote the address.
      throw new DeliveryError(
        `SMTP delivery failed (${[code, responseCode].filter((part) => part !== undefined).join(' ') || 'error'})`,
        // 5xx: refused for good (e.g. 550 no such mailbox); 4xx and connection errors are transient.
        responseCode !== undefined && responseCode >= 500,
      );
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
