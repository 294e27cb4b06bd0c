import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { CaseFileEventData } from '@referral/contracts';
import { OnEvent, type EventContext } from '@referral/platform-kafka';
import { CaseFileProjection } from './case-file-projection';

/**
 * Keeps the case-file projection from `case-files.case-file.v1`; the write commits with the inbox row
 * (a redelivered event is skipped).
 */
@Controller()
export class CaseFileEventsConsumer {
  constructor(private readonly projection: CaseFileProjection) {}

  @OnEvent('case_file.created')
  async onCreated(@Payload() data: CaseFileEventData, @Ctx() ctx: EventContext): Promise<void> {
    await this.projection.apply(ctx.manager, data);
  }

  @OnEvent('case_file.updated')
  async onUpdated(@Payload() data: CaseFileEventData, @Ctx() ctx: EventContext): Promise<void> {
    await this.projection.apply(ctx.manager, data);
  }

  @OnEvent('case_file.attachment_added')
  async onAttachmentAdded(@Payload() data: CaseFileEventData, @Ctx() ctx: EventContext): Promise<void> {
    await this.projection.apply(ctx.manager, data);
  }
}
