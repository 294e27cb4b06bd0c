import { Injectable } from '@nestjs/common';
import {
  karachiDate,
  karachiMinuteOfWeek,
  pageOf,
  pageSize,
  type PractitionerSearchPage,
  type SearchPractitionersQuery,
  UUID_SHAPE,
} from '@referral/contracts';
import { Clock, decodeKeyCursor, encodeKeyCursor } from '@referral/platform-database';
import { readCursor } from '@referral/platform-http';
import { PractitionerRepository } from './practitioner.repository';

/** Roles that could take a case now: eligible at this moment in Asia/Karachi, by role id, a page at a time. */
@Injectable()
export class PractitionerSearch {
  constructor(
    private readonly practitioners: PractitionerRepository,
    private readonly clock: Clock,
  ) {}

  async search(query: SearchPractitionersQuery): Promise<PractitionerSearchPage> {
    const limit = pageSize(query);
    const now = this.clock.now();
    const rows = await this.practitioners.searchEligible({
      specialtyCode: query.specialty,
      language: query.language,
      availableAt: query.available ? karachiMinuteOfWeek(now) : undefined,
      today: karachiDate(now),
      // The cursor is the last role id of the page.
      afterRoleId: readCursor(query.cursor, (cursor) => decodeKeyCursor(cursor, UUID_SHAPE)),
      limit: limit + 1,
    });
    return pageOf(
      rows,
      limit,
      (row) => ({
        ...row,
        availability: row.availability as PractitionerSearchPage['items'][number]['availability'],
      }),
      ({ roleId }) => encodeKeyCursor(roleId),
    );
  }
}
