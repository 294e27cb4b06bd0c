import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { OrganizationEventData, PractitionerEventData } from '@referral/contracts';
import { OnEvent, type EventContext } from '@referral/platform-kafka';
import { OrganizationProjection } from './organization-projection';
import { PractitionerProjection } from './practitioner-projection';

/**
 * Keeps the practitioner projection from `directory.practitioner.v1`, and the organization projection
 * from `directory.organization.v1`. Every practitioner event carries
 * the whole snapshot, so all four types are handled alike; the writes commit with the inbox row, and
 * a snapshot older than the one held is ignored.
 */
@Controller()
export class DirectoryEventsConsumer {
  constructor(
    private readonly projection: PractitionerProjection,
    private readonly organizations: OrganizationProjection,
  ) {}

  @OnEvent([
    'practitioner.registered',
    'practitioner.updated',
    'practitioner.role_added',
    'practitioner.role_updated',
  ])
  async onPractitioner(@Payload() data: PractitionerEventData, @Ctx() ctx: EventContext): Promise<void> {
    await this.projection.apply(ctx.manager, data);
  }

  @OnEvent(['organization.created', 'organization.updated'])
  async onOrganization(@Payload() data: OrganizationEventData, @Ctx() ctx: EventContext): Promise<void> {
    await this.organizations.apply(ctx.manager, data);
  }
}
