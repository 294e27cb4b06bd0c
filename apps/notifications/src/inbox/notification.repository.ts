import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository, type SelectQueryBuilder } from 'typeorm';
import type { Caller } from '@referral/platform-auth';
import type { KeysetPosition } from '@referral/platform-database';
import { NotificationEntity } from './notification.entity';

export interface InboxFilter {
  referralId?: string;
  unread?: boolean;
  /** Only entries older than this position (newest first). */
  before?: KeysetPosition;
  limit: number;
}

@Injectable()
export class NotificationRepository {
  constructor(
    @InjectRepository(NotificationEntity) private readonly notifications: Repository<NotificationEntity>,
  ) {}

  /** The caller's inbox, newest first, one more than `limit` when another page follows. */
  listFor(caller: Caller, filter: InboxFilter): Promise<NotificationEntity[]> {
    const query = this.addressedTo(caller);
    if (filter.referralId) query.andWhere('n.referral_id = :referralId', { referralId: filter.referralId });
    if (filter.unread === true) query.andWhere('n.read_at IS NULL');
    if (filter.unread === false) query.andWhere('n.read_at IS NOT NULL');
    const position = `date_trunc('milliseconds', n.created_at)`;
    if (filter.before) {
      query.andWhere(`(${position}, n.id) < (:beforeAt::timestamptz, :beforeId::uuid)`, {
        beforeAt: filter.before.createdAt.toISOString(),
        beforeId: filter.before.id,
      });
    }
    return query
      .orderBy(position, 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(filter.limit + 1)
      .getMany();
  }

  /** Marks an entry addressed to the caller as read (the first time counts); null when it is not theirs. */
  async markRead(caller: Caller, id: string, at: Date): Promise<NotificationEntity | null> {
    const entry = await this.addressedTo(caller).andWhere('n.id = :id', { id }).getOne();
    if (!entry) return null;
    if (!entry.readAt) {
      await this.notifications.update({ id, readAt: IsNull() }, { readAt: at });
      return this.notifications.findOneBy({ id });
    }
    return entry;
  }

  /**
   * Entries for the caller: addressed to their practitioner, or to their organization as a whole
   * (no role named) or to a role they have there (its coordinators).
   */
  private addressedTo(caller: Caller): SelectQueryBuilder<NotificationEntity> {
    return this.notifications.createQueryBuilder('n').where(
      `((n.recipient_practitioner_id IS NOT NULL AND n.recipient_practitioner_id = :practitionerId)
         OR (n.recipient_practitioner_id IS NULL AND n.organization_id = :organizationId
             AND (n.audience_role IS NULL OR n.audience_role = ANY (:roles))))`,
      {
        practitionerId: caller.practitionerId ?? '00000000-0000-0000-0000-000000000000',
        organizationId: caller.organizationId,
        roles: caller.roles,
      },
    );
  }
}
