import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

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
