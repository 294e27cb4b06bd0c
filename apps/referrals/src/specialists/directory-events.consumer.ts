import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { PractitionerEventData } from '@referral/contracts';
import { OnEvent, type EventContext } from '@referral/platform-kafka';
import { SpecialistProjection } from './specialist-projection';

/**
 * Keeps the specialist projection from `directory.practitioner.v1`. Every practitioner event carries
 * the whole snapshot (practitioner and all roles), so all four types are handled alike; the writes
 * commit with the inbox row (a redelivered event is skipped), and a snapshot older than the one held is
 * ignored.
 */
@Controller()
export class DirectoryEventsConsumer {
  constructor(private readonly projection: SpecialistProjection) {}

  @OnEvent('practitioner.registered')
  async onRegistered(@Payload() data: PractitionerEventData, @Ctx() ctx: EventContext): Promise<void> {
    await this.projection.apply(ctx.manager, data);
  }

  @OnEvent('practitioner.updated')
  async onUpdated(@Payload() data: PractitionerEventData, @Ctx() ctx: EventContext): Promise<void> {
    await this.projection.apply(ctx.manager, data);
  }

  @OnEvent('practitioner.role_added')
  async onRoleAdded(@Payload() data: PractitionerEventData, @Ctx() ctx: EventContext): Promise<void> {
    await this.projection.apply(ctx.manager, data);
  }

  @OnEvent('practitioner.role_updated')
  async onRoleUpdated(@Payload() data: PractitionerEventData, @Ctx() ctx: EventContext): Promise<void> {
    await this.projection.apply(ctx.manager, data);
  }
}
