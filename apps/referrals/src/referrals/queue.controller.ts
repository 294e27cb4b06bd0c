import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { karachiDate, QueuePage, QueueQuery } from '@referral/contracts';
import { CurrentCaller, Roles, type Caller } from '@referral/platform-auth';
import { Clock, decodeRankedKeysetCursor, encodeRankedKeysetCursor } from '@referral/platform-database';
import { ValidationProblem } from '@referral/platform-http';
import { toQueueItem } from './referral-resource';
import { queueRank, ReferralRepository } from './referral.repository';

/**
 * The specialist's view of what they may claim, de-identified (age band, sex, specialty, priority,
 * question, deadlines; no name, CNIC, phone, patient or case file id): urgent first, then the
 * earliest claim deadline, then id, a page at a time (a keyset cursor on that order).
 */
const DEFAULT_PAGE = 20;

@ApiTags('referrals')
@Controller('v1/queue')
export class QueueController {
  constructor(
    private readonly referrals: ReferralRepository,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('specialist')
  @ApiOkResponse({ type: QueuePage })
  async queue(@CurrentCaller() caller: Caller, @Query() query: QueueQuery): Promise<QueuePage> {
    const after = query.cursor === undefined ? undefined : decodeRankedKeysetCursor(query.cursor);
    if (query.cursor !== undefined && !after) {
      throw new ValidationProblem([{ field: 'cursor', message: 'cursor is not a nextCursor of this list' }]);
    }
    if (!caller.practitionerId) return { items: [], nextCursor: null };
    const limit = query.limit ?? DEFAULT_PAGE;
    const rows = await this.referrals.queue(caller.practitionerId, {
      specialty: query.specialty,
      today: karachiDate(this.clock.now()),
      after,
      limit,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toQueueItem),
      nextCursor:
        rows.length > limit
          ? encodeRankedKeysetCursor({
              rank: queueRank(last.priority),
              at: last.claimDueAt,
              id: last.referralId,
            })
          : null,
    };
  }
}
