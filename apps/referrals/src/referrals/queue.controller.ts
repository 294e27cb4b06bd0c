import { Controller, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { QUEUE_ROUTES, QueuePage, QueueQuery } from '@referral/contracts';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { ServiceRoute } from '@referral/platform-http';
import { SpecialistQueue } from './queue.service';

@ApiTags('referrals')
@Controller()
export class QueueController {
  constructor(private readonly specialistQueue: SpecialistQueue) {}

  @ServiceRoute(QUEUE_ROUTES.routes.list)
  async queue(@CurrentCaller() caller: Caller, @Query() query: QueueQuery): Promise<QueuePage> {
    return this.specialistQueue.page(caller, query);
  }
}
