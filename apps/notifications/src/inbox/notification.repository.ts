import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type EntityManager, type FindOptionsWhere, type Repository } from 'typeorm';
import { NotificationEntity } from './notification.entity';

@Injectable()
export class NotificationRepository {
  constructor(
    @InjectRepository(NotificationEntity) private readonly notifications: Repository<NotificationEntity>,
  ) {}

  insert(manager: EntityManager, notification: NotificationEntity) {
    return manager.insert(NotificationEntity, notification);
  }

  listForOrganization(
    organizationId: string,
    filter: { referralId?: string; unread?: boolean; limit: number },
  ) {
    const where: FindOptionsWhere<NotificationEntity> = { organizationId };
    if (filter.referralId) where.referralId = filter.referralId;
    if (filter.unread) where.readAt = IsNull();
    return this.notifications.find({ where, order: { createdAt: 'DESC', id: 'DESC' }, take: filter.limit });
  }
}
