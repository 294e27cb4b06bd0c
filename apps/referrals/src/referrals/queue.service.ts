import { Injectable } from '@nestjs/common';
import { karachiDate, pageOf, pageSize, type QueuePage, type QueueQuery } from '@referral/contracts';
import type { Caller } from '@referral/platform-auth';
import { Clock, decodeRankedKeysetCursor, encodeRankedKeysetCursor } from '@referral/platform-database';
import { readCursor } from '@referral/platform-http';
import { toQueueItem } from './referral-resource';
import { ReferralRepository } from './referral.repository';

/**
 * The specialist's view of what they may claim, de-identified (age band, sex, specialty, priority,
 * question, deadlines; no name, CNIC, phone, patient or case file id): urgent first, then the
 * earliest claim deadline, then id, a page at a time (a keyset cursor on that order).
 */
@Injectable()
export class SpecialistQueue {
  constructor(
    private readonly referrals: ReferralRepository,
    private readonly clock: Clock,
  ) {}

  async page(caller: Caller, query: QueueQuery): Promise<QueuePage> {
    const after = readCursor(query.cursor, decodeRankedKeysetCursor);
    if (!caller.practitionerId) return { items: [], nextCursor: null };
    const limit = pageSize(query);
    const rows = await this.referrals.queue(caller.practitionerId, {
      specialty: query.specialty,
      today: karachiDate(this.clock.now()),
      after,
      limit,
    });
    return pageOf(rows, limit, toQueueItem, (last) =>
      encodeRankedKeysetCursor({ rank: last.rank, at: last.claimDueAt, id: last.referralId }),
    );
  }
}
