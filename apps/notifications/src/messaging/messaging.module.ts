import { Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { LOGGER, SERVICE_ENV } from '@referral/platform-http';
import type { NotificationsEnv } from '../config';
import { MESSAGE_RENDERER, MessageSender } from './message-sender';
import { MessageRenderer } from './message-renderer';
import { OutboundMessageEntity } from './outbound-message.entity';
import { OutboundMessageRepository } from './outbound-message.repository';
import { OutboundMessagesController } from './outbound-messages.controller';
import { DatabaseEmailSink, DatabaseSmsSink } from './providers/database-sinks';
import { HttpSmsProvider } from './providers/http-sms.provider';
import {
  EMAIL_PROVIDER,
  SMS_PROVIDER,
  type EmailProvider,
  type SmsProvider,
} from './providers/message-provider';
import { SmtpEmailProvider } from './providers/smtp-email.provider';

/**
 * SMS and email about referral events: templates in English and Urdu, the providers chosen by
 * SMS_PROVIDER and EMAIL_PROVIDER, the send log and its admin endpoint. Exports MessageSender: who
 * hears what is decided by the consumers that call it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([OutboundMessageEntity])],
  controllers: [OutboundMessagesController],
  providers: [
    OutboundMessageRepository,
    MessageSender,
    {
      provide: MESSAGE_RENDERER,
      inject: [SERVICE_ENV, LOGGER],
      useFactory: (env: NotificationsEnv, logger: Logger) =>
        new MessageRenderer({ publicAppUrl: env.PUBLIC_APP_URL, smsMaxParts: env.SMS_MAX_PARTS }, logger),
    },
    {
      provide: SMS_PROVIDER,
      inject: [SERVICE_ENV],
      useFactory: (env: NotificationsEnv): SmsProvider =>
        env.SMS_PROVIDER === 'http'
          ? new HttpSmsProvider({
              url: env.SMS_HTTP_URL as string,
              authHeader: env.SMS_HTTP_AUTH_HEADER,
              bodyTemplate: env.SMS_HTTP_BODY_TEMPLATE,
              from: env.SMS_FROM,
              messageIdField: env.SMS_HTTP_MESSAGE_ID_FIELD,
              timeoutMs: env.SMS_HTTP_TIMEOUT_MS,
            })
          : new DatabaseSmsSink(),
    },
    {
      provide: EMAIL_PROVIDER,
      inject: [SERVICE_ENV],
      useFactory: (env: NotificationsEnv): EmailProvider =>
        env.EMAIL_PROVIDER === 'smtp'
          ? new SmtpEmailProvider({
              url: env.SMTP_URL as string,
              from: env.EMAIL_FROM,
              timeoutMs: env.SMTP_TIMEOUT_MS,
            })
          : new DatabaseEmailSink(),
    },
  ],
  exports: [MessageSender],
})
export class MessagingModule implements OnApplicationBootstrap {
  constructor(
    @Inject(SMS_PROVIDER) private readonly sms: SmsProvider,
    @Inject(EMAIL_PROVIDER) private readonly email: EmailProvider,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    // Which providers, never their settings: the URLs and headers may hold credentials.
    this.logger.info({ sms: this.sms.name, email: this.email.name }, 'messaging providers');
  }
}
