import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

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

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Transform(({ value }) => (typeof value === 'number' ? Math.min(value, 100) : value))
  @Max(100)
  limit?: number;
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
  @ApiProperty({ type: 'string', nullable: true, description: 'Pass as `cursor` for the next page' })
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
