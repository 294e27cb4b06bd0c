import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { QueuePage, QueueQuery } from '@referral/contracts';
import { CurrentCaller, Roles, type Caller } from '@referral/platform-auth';
import { karachiDate } from '@referral/contracts';
import { toQueueItem } from './referral-resource';
import { ReferralRepository } from './referral.repository';

/**
 * The specialist's view of what they may claim, de-identified (age band, sex, specialty, priority,
 * question, deadlines; no name, CNIC, phone, patient or case file id): urgent first, then the
 * earliest claim deadline.
 */
@ApiTags('referrals')
@Controller('v1/queue')
export class QueueController {
  constructor(private readonly referrals: ReferralRepository) {}

  @Get()
  @Roles('specialist')
  @ApiOkResponse({ type: QueuePage })
  async queue(@CurrentCaller() caller: Caller, @Query() query: QueueQuery): Promise<QueuePage> {
    if (!caller.practitionerId) return { items: [] };
    const rows = await this.referrals.queue(
      caller.practitionerId,
      query.specialty,
      karachiDate(new Date()),
      query.limit ?? 20,
    );
    return { items: rows.map(toQueueItem) };
  }
}
