import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { NextCursor, PageCursor, PageLimit } from './page';

/** `GET /v1/notifications` filters. */
export class ListNotificationsQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only notifications about this referral' })
  @IsOptional()
  @IsUUID()
  referralId?: string;

  @ApiPropertyOptional({ description: 'true: only unread; false: only read' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;

  @PageLimit()
  limit?: number;

  @PageCursor()
  cursor?: string;
}

/** An in-app notification addressed to the caller's organization. */
export class NotificationResource {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'referral.submitted', description: 'The event type it is about' }) type: string;
  @ApiProperty({ format: 'uuid', type: 'string', nullable: true }) referralId: string | null;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', type: 'string', nullable: true }) readAt: string | null;
}

export class NotificationPage {
  @ApiProperty({ type: [NotificationResource] }) items: NotificationResource[];
  @NextCursor()
  nextCursor: string | null;
}

export const MESSAGE_CHANNELS = ['sms', 'email'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
export const MESSAGE_LANGUAGES = ['en', 'ur'] as const;

/** Quiet hours in Asia/Karachi: routine news waits until they end; urgent referrals do not. */
export class QuietHoursSetting {
  @ApiProperty({ example: '22:00', description: 'HH:MM, Asia/Karachi' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'start must be HH:MM' })
  start: string;

  @ApiProperty({
    example: '07:00',
    description: 'HH:MM, Asia/Karachi (exclusive); may be before start (over midnight)',
  })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'end must be HH:MM' })
  end: string;
}

/**
 * `PUT /v1/notification-preferences`: how the calling practitioner wants to hear about referrals,
 * besides the in-app inbox, which always has everything.
 */
export class NotificationPreferencesRequest {
  @ApiProperty({ enum: MESSAGE_CHANNELS, isArray: true, example: ['sms'], description: 'Empty: in-app only' })
  @IsArray()
  @ArrayMaxSize(2)
  @ArrayUnique()
  @IsIn(MESSAGE_CHANNELS, { each: true })
  channels: MessageChannel[];

  @ApiPropertyOptional({ type: QuietHoursSetting, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => QuietHoursSetting)
  quietHours?: QuietHoursSetting | null;

  @ApiPropertyOptional({
    enum: MESSAGE_LANGUAGES,
    nullable: true,
    description:
      'Language of SMS and email; absent: the first of the practitioner’s languages that has templates',
  })
  @IsOptional()
  @IsIn(MESSAGE_LANGUAGES)
  language?: (typeof MESSAGE_LANGUAGES)[number] | null;
}

export class NotificationPreferencesResource {
  @ApiProperty({ format: 'uuid' }) practitionerId: string;
  @ApiProperty({ enum: MESSAGE_CHANNELS, isArray: true }) channels: string[];
  @ApiProperty({ type: QuietHoursSetting, nullable: true }) quietHours: QuietHoursSetting | null;
  @ApiProperty({ enum: MESSAGE_LANGUAGES, nullable: true, type: 'string' }) language: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: 'string', description: 'null: the defaults' })
  updatedAt: string | null;
}

export const OUTBOUND_MESSAGE_CHANNELS = ['sms', 'email'] as const;
export type OutboundMessageChannel = (typeof OUTBOUND_MESSAGE_CHANNELS)[number];

/** pending: being handed to the provider; skipped: not sent, for the reason in `skipReason`. */
export const OUTBOUND_MESSAGE_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;
export type OutboundMessageStatus = (typeof OUTBOUND_MESSAGE_STATUSES)[number];

/** `GET /v1/admin/outbound-messages` filters and page (newest first). */
export class ListOutboundMessagesQuery {
  @ApiPropertyOptional({ enum: OUTBOUND_MESSAGE_CHANNELS, example: 'sms' })
  @IsOptional()
  @IsIn(OUTBOUND_MESSAGE_CHANNELS)
  channel?: OutboundMessageChannel;

  @ApiPropertyOptional({
    example: '+923001234567',
    description: 'A phone number (any Pakistani mobile form) or an email address, matched exactly',
  })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(320)
  recipient?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only messages about this referral' })
  @IsOptional()
  @IsUUID()
  referralId?: string;

  @ApiPropertyOptional({ enum: OUTBOUND_MESSAGE_STATUSES, example: 'failed' })
  @IsOptional()
  @IsIn(OUTBOUND_MESSAGE_STATUSES)
  status?: OutboundMessageStatus;

  @PageLimit()
  limit?: number;

  @PageCursor('eyJhZnRlciI6IjZmMWMyYTllLTRiN2QtNGUwYS05YzNmLTJkOGU1YjFhN2M0MCJ9')
  cursor?: string;
}

/**
 * An SMS or email as the service sent it (or, with the development sink, would have): the send log.
 * Texts name a short reference, the specialty, the priority and a link; never the patient.
 */
export class OutboundMessageResource {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: OUTBOUND_MESSAGE_CHANNELS }) channel: OutboundMessageChannel;
  @ApiProperty({
    type: 'string',
    nullable: true,
    example: '+923001234567',
    description: 'Phone (E.164) or email address; null when there was none',
  })
  recipient: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) recipientPractitionerId: string | null;
  @ApiProperty({
    example: 'ur',
    description: 'Language of the text (English when the wanted one has no template)',
  })
  language: string;
  @ApiProperty({ example: 'ur', description: 'Language the recipient wanted' }) requestedLanguage: string;
  @ApiProperty({ example: 'referral.claimed', description: 'The event type whose template was used' })
  template: string;
  @ApiProperty({ format: 'uuid' }) referralId: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'Email only' }) subject: string | null;
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'null when skipped, or refused as longer than SMS_MAX_PARTS',
  })
  text: string | null;
  @ApiProperty({ type: 'string', nullable: true, enum: ['GSM-7', 'UCS-2'], description: 'SMS only' })
  encoding: 'GSM-7' | 'UCS-2' | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 2, description: 'SMS parts billed' })
  parts: number | null;
  @ApiProperty({ enum: ['sink', 'http', 'smtp'], description: '`sink`: recorded here only, nothing left' })
  provider: string;
  @ApiProperty({ enum: OUTBOUND_MESSAGE_STATUSES }) status: OutboundMessageStatus;
  @ApiProperty({ type: 'string', nullable: true }) providerMessageId: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: 'SMS gateway answered 500' }) error: string | null;
  @ApiProperty({
    type: 'string',
    nullable: true,
    enum: ['no-phone', 'invalid-phone', 'no-email', 'invalid-email'],
  })
  skipReason: string | null;
  @ApiProperty({ format: 'uuid', description: 'CloudEvents id of the event the message is about' })
  sourceEventId: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) sentAt: string | null;
}

export class OutboundMessagePage {
  @ApiProperty({ type: [OutboundMessageResource] }) items: OutboundMessageResource[];
  @NextCursor()
  nextCursor: string | null;
}
