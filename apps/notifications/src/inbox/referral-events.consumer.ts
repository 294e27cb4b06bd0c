import { randomUUID } from 'node:crypto';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { NotificationCreatedData, ReferralEventData } from '@referral/contracts';
import { OnEvent, Outbox, type EventContext } from '@referral/platform-kafka';
import { NotificationEntity } from './notification.entity';
import { NotificationRepository } from './notification.repository';

/** Turns referral events into inbox entries (in the inbox transaction of the event platform). */
@Controller()
export class ReferralEventsConsumer {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly outbox: Outbox,
  ) {}

  @OnEvent('referral.submitted')
  async onSubmitted(@Payload() data: ReferralEventData, @Ctx() ctx: EventContext): Promise<void> {
    const notification = Object.assign(new NotificationEntity(), {
      id: randomUUID(),
      type: ctx.envelope.type,
      referralId: data.referralId,
      organizationId: data.referringOrganizationId,
      recipientPractitionerId: data.referringPractitionerId ?? null,
      title: 'Referral submitted',
      body: `Your ${data.priority} ${data.specialtyCode} referral is waiting for a specialist.`,
      sourceEventId: ctx.envelope.id,
      readAt: null,
    } satisfies Partial<NotificationEntity>);
    await this.notifications.insert(ctx.manager, notification);
    await this.outbox.add<NotificationCreatedData>(ctx.manager, {
      type: 'notification.created',
      subject: notification.id,
      data: {
        notificationId: notification.id,
        organizationId: notification.organizationId,
        ...(notification.recipientPractitionerId && {
          recipientPractitionerId: notification.recipientPractitionerId,
        }),
        channel: 'in-app',
        sourceEventId: ctx.envelope.id,
        sourceEventType: ctx.envelope.type,
        occurredAt: new Date().toISOString(),
      } as NotificationCreatedData,
    });
  }
}
