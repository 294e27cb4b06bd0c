import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';
import { ServiceEnv } from '@referral/platform-config';

const url = () => IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true });

const trimmed = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** The HTTP SMS gateway's default body: JSON with `{{to}}`, `{{text}}` and `{{from}}`. */
export const DEFAULT_SMS_HTTP_BODY_TEMPLATE = '{"to":"{{to}}","from":"{{from}}","text":"{{text}}"}';

/**
 * SMS_HTTP_BODY_TEMPLATE: JSON once the placeholders are filled (they sit inside JSON strings and are
 * substituted JSON-escaped), naming at least `{{to}}` and `{{text}}`.
 */
function IsSmsBodyTemplate(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isSmsBodyTemplate',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string' || !value.includes('{{to}}') || !value.includes('{{text}}'))
            return false;
          try {
            JSON.parse(value.replace(/\{\{(to|text|from)\}\}/g, 'x'));
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage: () =>
          'SMS_HTTP_BODY_TEMPLATE must be JSON naming {{to}} and {{text}} (and optionally {{from}}) inside JSON strings',
      },
    });
}

const DEVELOPMENT_PUBLIC_APP_URL = 'http://localhost:3000';

/** PUBLIC_APP_URL: in production an https URL that is not the development default. */
function IsPublicAppUrl(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPublicAppUrl',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          if (typeof value !== 'string') return false;
          const production = (args.object as ServiceEnv).NODE_ENV === 'production';
          const pattern = production ? /^https:\/\/[^\s?#]+$/ : /^https?:\/\/[^\s?#]+$/;
          return pattern.test(value) && !(production && value === DEVELOPMENT_PUBLIC_APP_URL);
        },
        defaultMessage: () =>
          'PUBLIC_APP_URL must be an http(s) URL without query or fragment; in production an https URL set for the deployment',
      },
    });
}

const milliseconds = (min: number, max: number) => (target: object, property: string) => {
  Type(() => Number)(target, property);
  IsInt()(target, property);
  Min(min)(target, property);
  Max(max)(target, property);
};

/** The notifications service's environment; see the README's configuration table. */
export class NotificationsEnv extends ServiceEnv {
  override PORT = 3004;
  override DATABASE_NAME = 'notifications';

  /** The directory, asked for a recipient's phone, email and languages when a message is sent. */
  @url()
  DIRECTORY_URL = 'http://127.0.0.1:3002';

  /** The gateway's token endpoint, where this service obtains its own token (client credentials). */
  @url()
  SERVICE_TOKEN_URL = 'http://127.0.0.1:3000/v1/auth/token';

  /**
   * The API client this service reads contact details with (a client the directory lets read every
   * practitioner: role `admin`). Unset: no SMS or email can be addressed (in-app and webhooks only).
   */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  SERVICE_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  SERVICE_CLIENT_SECRET?: string;

  /** How long a practitioner's contact details are reused before the directory is asked again. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86_400)
  CONTACT_CACHE_SECONDS = 300;

  /** How often each instance sends the SMS and email that are due; 0 turns its worker off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  DISPATCH_INTERVAL_MS = 1000;

  /** Messages sent per round of the worker. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  DISPATCH_BATCH_SIZE = 50;

  /** Dispatches each instance sends at once (each waits on the directory and the provider). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(32)
  DISPATCH_CONCURRENCY = 4;

  /** Rounds a message waits for the directory (contact details) before it is failed. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  DISPATCH_MAX_ATTEMPTS = 20;

  /** Base of the links in SMS and email: `<PUBLIC_APP_URL>/r/<referralId>`. */
  @trimmed()
  @IsPublicAppUrl()
  PUBLIC_APP_URL = DEVELOPMENT_PUBLIC_APP_URL;

  /** `sink`: SMS are only recorded in `outbound_message`; `http`: sent through the HTTP gateway too. */
  @IsIn(['sink', 'http'])
  SMS_PROVIDER: 'sink' | 'http' = 'sink';

  /** The HTTP SMS gateway's endpoint (POST); required with SMS_PROVIDER=http. */
  @ValidateIf((env: NotificationsEnv) => env.SMS_PROVIDER === 'http' || env.SMS_HTTP_URL !== undefined)
  @trimmed()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'SMS_HTTP_URL must be an http(s) URL (required when SMS_PROVIDER=http)' },
  )
  SMS_HTTP_URL?: string;

  /**
   * Sent with every gateway request: a value of `Authorization` (`Bearer …`, `Basic …`), or
   * `Header-Name: value` for another header. A secret: never logged, never in error messages.
   */
  @IsOptional()
  @trimmed()
  @Matches(/^[^\r\n]{1,4096}$/, { message: 'SMS_HTTP_AUTH_HEADER must be one line' })
  SMS_HTTP_AUTH_HEADER?: string;

  @IsSmsBodyTemplate()
  SMS_HTTP_BODY_TEMPLATE = DEFAULT_SMS_HTTP_BODY_TEMPLATE;

  /** Field of the gateway's JSON answer that holds its message id (dots for nesting); kept in the log. */
  @trimmed()
  @Matches(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, {
    message: 'SMS_HTTP_MESSAGE_ID_FIELD must be a field name, with dots for nested fields',
  })
  SMS_HTTP_MESSAGE_ID_FIELD = 'id';

  /** How long to wait for the gateway; a timeout is a failed message. */
  @milliseconds(100, 120_000)
  SMS_HTTP_TIMEOUT_MS = 10_000;

  /** Sender id or number passed to the gateway as `{{from}}`. */
  @trimmed()
  @Matches(/^[^\r\n"\\]{1,32}$/, { message: 'SMS_FROM must be 1 to 32 characters on one line' })
  SMS_FROM = 'Referrals';

  /** Most parts one SMS may take; a longer text drops its optional sentence, or is not sent. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10)
  SMS_MAX_PARTS = 3;

  /** `sink`: emails are only recorded in `outbound_message`; `smtp`: sent through SMTP_URL too. */
  @IsIn(['sink', 'smtp'])
  EMAIL_PROVIDER: 'sink' | 'smtp' = 'sink';

  /** `smtp://user:pass@host:587` or `smtps://…:465`; required with EMAIL_PROVIDER=smtp. A secret. */
  @ValidateIf((env: NotificationsEnv) => env.EMAIL_PROVIDER === 'smtp' || env.SMTP_URL !== undefined)
  @trimmed()
  @Matches(/^smtps?:\/\/\S+$/, {
    message: 'SMTP_URL must be an smtp:// or smtps:// URL (required when EMAIL_PROVIDER=smtp)',
  })
  SMTP_URL?: string;

  /** Connection, greeting and socket timeout of the SMTP client. */
  @milliseconds(100, 120_000)
  SMTP_TIMEOUT_MS = 10_000;

  /** `From` of every email: `address@domain` or `Display Name <address@domain>`. */
  @trimmed()
  @MaxLength(320)
  @Matches(/^([^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, {
    message: 'EMAIL_FROM must be address@domain or Display Name <address@domain>',
  })
  EMAIL_FROM = 'Specialist Referral <no-reply@localhost>';
}
