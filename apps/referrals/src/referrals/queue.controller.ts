import { Controller, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { QueuePage, QueueQuery, QUEUE_ROUTES } from '@referral/contracts';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { karachiDate } from '@referral/contracts';
import { decodeRankedKeysetCursor, encodeRankedKeysetCursor } from '@referral/platform-database';
import { ValidationProblem, ServiceRoute } from '@referral/platform-http';
import { toQueueItem } from './referral-resource';
import { queueRank, ReferralRepository } from './referral.repository';

/**
 * The specialist's view of what they may claim, de-identified (age band, sex, specialty, priority,
 * question, deadlines; no name, CNIC, phone, patient or case file id): urgent first, then the
 * earliest claim deadline, then id, a page at a time (a keyset cursor on that order).
 */
const DEFAULT_PAGE = 20;

@ApiTags('referrals')
@Controller()
export class QueueController {
  constructor(private readonly referrals: ReferralRepository) {}

  @ServiceRoute(QUEUE_ROUTES.routes.list)
  async queue(@CurrentCaller() caller: Caller, @Query() query: QueueQuery): Promise<QueuePage> {
    const after = query.cursor === undefined ? undefined : decodeRankedKeysetCursor(query.cursor);
    if (query.cursor !== undefined && !after) {
      throw new ValidationProblem([{ field: 'cursor', message: 'cursor is not a nextCursor of this list' }]);
    }
    if (!caller.practitionerId) return { items: [], nextCursor: null };
    const limit = query.limit ?? DEFAULT_PAGE;
    const rows = await this.referrals.queue(caller.practitionerId, {
      specialty: query.specialty,
      today: karachiDate(new Date()),
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
