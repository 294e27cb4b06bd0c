import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PractitionerEventData } from '@referral/contracts';
import { Clock } from '@referral/platform-database';
import { Outbox } from '@referral/platform-kafka';
import type { PractitionerRoleEntity } from './practitioner-role.entity';
import type { PractitionerEntity } from './practitioner.entity';
import { toPractitionerEventData } from './practitioner-resource';
import { PractitionerRepository } from './practitioner.repository';

export type PractitionerChange =
  | 'practitioner.registered'
  | 'practitioner.updated'
  | 'practitioner.role_added'
  | 'practitioner.role_updated';

/**
 * Every change to a practitioner or a role publishes the practitioner as they now are, with all their
 * roles, in the change's own transaction: consumers replace their projection with each snapshot, so
 * none may carry only what changed.
 */
@Injectable()
export class PractitionerSnapshots {
  constructor(
    private readonly practitioners: PractitionerRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** @param roles their roles when the caller has just read them; otherwise read on `manager` */
  async publish(
    manager: EntityManager,
    change: PractitionerChange,
    practitioner: PractitionerEntity,
    roles?: PractitionerRoleEntity[],
  ): Promise<void> {
    await this.outbox.add<PractitionerEventData>(manager, {
      type: change,
      subject: practitioner.id,
      data: toPractitionerEventData(
        practitioner,
        roles ?? (await this.practitioners.rolesOf(practitioner.id, manager)),
        this.clock.now(),
      ),
    });
  }
}
