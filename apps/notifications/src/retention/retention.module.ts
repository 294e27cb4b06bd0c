import { Module } from '@nestjs/common';
import { NotificationsRetention } from './notifications-retention';

/** Retention of the in-app notifications, webhook delivery logs and the SMS and email log. */
@Module({ providers: [NotificationsRetention], exports: [NotificationsRetention] })
export class RetentionModule {}
