import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { QueuePage, QueueQuery } from '@referral/contracts';
import { CurrentCaller, Roles, type Caller } from '@referral/platform-auth';
import { SpecialistQueue } from './queue.service';

@ApiTags('referrals')
@Controller('v1/queue')
export class QueueController {
  constructor(private readonly specialistQueue: SpecialistQueue) {}

  @Get()
  @Roles('specialist')
  @ApiOkResponse({ type: QueuePage })
  async queue(@CurrentCaller() caller: Caller, @Query() query: QueueQuery): Promise<QueuePage> {
    return this.specialistQueue.page(caller, query);
  }
}
